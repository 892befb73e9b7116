import { beforeEach, describe, expect, it } from 'vitest'
import { ExpertDesk, similarity } from '../../../../bot/office/experts/desk.js'
import { rosterDelivery } from '../../../../bot/office/rectification/scheduler.js'
import type { PersonKey } from '../../../../bot/office/roster/model.js'
import type { Retriever } from '../../../../rag/types.js'
import { routerFixture } from '../../../helpers/bot.js'

type F = Awaited<ReturnType<typeof routerFixture>>
const Q1 = '乡镇纪委办案的伙食标准是多少？'
const Q2 = '乡镇纪委办案伙食标准一天多少钱'
const ANSWER = '法规没有统一规定伙食标准，按本地财务规定执行；办案中应当严格遵守纪律，依据《示例纪检工作规则》第五条的程序要求办理。'

let f: F
// The fixture roster's people by WeChat id; two experts join it.
const from = (id: string, name = id) => ({ from: { id, name } })
const inRoom = { roomTopic: '县纪委工作群', mentionSelf: true }

beforeEach(async () => {
  f = await routerFixture()
  f.office.roster.store.upsert(
    [
      { key: 'E01' as PersonKey, name: '王专家', unit: '县纪委监委', roles: ['expert'], chatIds: { wechaty: 'wx-e1' } },
      { key: 'E02' as PersonKey, name: '刘专家', unit: '县纪委监委', roles: ['expert'], chatIds: { wechaty: 'wx-e2' } },
    ],
    { key: 'cli', name: '命令行', roles: ['admin'], known: true },
    f.clock.now().toISOString(),
  )
})

const say = async (text: string, o: Parameters<F['msg']>[1]) => {
  // People type at human speed (the rate limit is 5 a minute).
  f.clock.advance(15_000)
  await f.route(f.msg(text, o))
  return f.channel.take().join('\n')
}

/** Delivers the outbox as the reminder loop does, and returns what each chat id received. */
const deliver = async () => {
  const got: Array<{ to: string; text: string }> = []
  await f.outbox.deliver(() => f.clock.now(), rosterDelivery(f.office.roster, 'wechaty', async (chatId, _name, text) => void got.push({ to: chatId, text })))
  return got
}

describe('the expert queue, end to end', () => {
  it('queues an unanswered question, groups a similar one, lets only experts answer in private, tells the askers, and answers the same question from the approved FAQ', async () => {
    // Two people ask about something the texts do not state; both are told it went to the experts.
    expect(await say(Q1, { ...inRoom, ...from('wx-wang') })).toMatch(/法规中没有规定[\s\S]*已转给专家（编号 #1），答复后会私聊告诉你/)
    expect(await say(Q2, { ...inRoom, ...from('wx-zhang') })).toMatch(/已转给专家（编号 #1）/)
    expect(f.experts.groups()).toHaveLength(1)
    // The experts get a private notice of the new group, without the question.
    const notices = await deliver()
    expect(notices.map((n) => n.to).sort()).toEqual(['wx-e1', 'wx-e2'])
    expect(notices.every((n) => !n.text.includes('伙食'))).toBe(true)

    // Not an expert: refused. An expert in the group: told to use private chat.
    expect(await say('/待答', from('wx-lu'))).toMatch(/只有名册中的专家或管理员可以查看待答问题/)
    expect(await say('/待答', { ...inRoom, ...from('wx-e1') })).toMatch(/请私聊助手发送“\/待答”查看/)
    const list = await say('/待答', from('wx-e1'))
    expect(list).toMatch(/#1（无依据，2 人问过/)
    expect(list).toContain(Q1)
    expect(list).toContain(`相似提问：${Q2}`)

    // An answer needs a citation, and the citation must exist.
    expect(await say('/答复 1 按本地规定执行。', from('wx-e1'))).toMatch(/答复须引用至少一条条文/)
    expect(await say('/答复 1 见《示例纪检工作规则》第九十九条。', from('wx-e1'))).toMatch(/在知识库中找不到/)
    expect(await say(`/答复 1 ${ANSWER}`, from('wx-lu'))).toMatch(/只有名册中的专家或管理员可以答复/)
    expect(await say(`/答复 1 ${ANSWER}`, from('wx-e1'))).toMatch(/已答复 #1，2 位提问人将收到私信。答复已存为常见问题草稿 F1/)

    // Both askers hear in private, with the entry number and the answer, not the question.
    const told = await deliver()
    expect(told.map((t) => t.to).sort()).toEqual(['wx-wang', 'wx-zhang'])
    for (const t of told) {
      expect(t.text).toMatch(/编号 #1）专家已答复：\n法规没有统一规定伙食标准/)
      expect(t.text).not.toContain('伙食标准是多少')
    }
    // The question texts left the queue with the entry.
    expect(f.experts.groups()).toEqual([])
    expect((f.office.db.prepare('SELECT COUNT(*) AS n FROM expert_questions').get() as { n: number }).n).toBe(0)

    // A draft does not answer yet; only another expert (or an admin) can approve it.
    expect(await say(Q1, from('wx-wang'))).not.toMatch(/经专家确认/)
    f.channel.take()
    expect(await say('/审核 F1', from('wx-lu'))).toMatch(/只有名册中的专家或管理员可以审核/)
    expect(await say('/审核 F1', from('wx-e1'))).toMatch(/不能审核自己写的答复/)
    expect(await say('/审核 F1', from('wx-e2'))).toMatch(/F1 审核通过/)

    // Now the FAQ entry outranks the articles for its own question and a close wording of it.
    for (const q of [Q1, '乡镇纪委办案伙食标准是多少']) {
      const reply = await say(q, { ...inRoom, ...from('wx-zhao') })
      expect(reply.split('\n')[0], q).toContain('法规没有统一规定伙食标准')
      expect(reply).toMatch(/（经专家确认，2026-11-21）/)
      expect(reply).toMatch(/\[1\] 《示例纪检工作规则》第五条（.*现行有效）/)
      expect(reply).not.toMatch(/已转给专家/)
    }
    // An unrelated question still gets the articles.
    expect(await say('被函询人多少天内要书面说明？', from('wx-zhao'))).toMatch(/15个工作日/)
    // A withdrawn entry stops answering at once; only experts and admins may withdraw.
    expect(await say('/待答', from('wx-e2'))).toMatch(/已生效的常见问题 1 条：F1/)
    expect(await say('/撤销 F1', from('wx-lu'))).toMatch(/只有名册中的专家或管理员可以撤销常见问题/)
    expect(await say('/撤销 F1', from('wx-li'))).toMatch(/已撤销 F1/)
    expect(await say(Q1, from('wx-zhao'))).not.toMatch(/经专家确认/)
  })

  it('sends the question of an answer marked wrong, and "转人工", to the queue with the reason', async () => {
    await say('被函询人多少天内要书面说明？', from('wx-wang'))
    expect(await say('/反馈 👎 没说明能不能延期', from('wx-wang'))).toMatch(/已转给专家（编号 #1）/)
    await say('对下一级单位负责人谈话函询要谁批准？', from('wx-zhang'))
    expect(await say('转人工', from('wx-zhang'))).toMatch(/已转给专家（编号 #2）/)
    const reasons = f.experts.groups().map((g) => g.questions[0]?.reason)
    expect(reasons).toEqual(['down', 'human'])
    // The candidates the answer cited come with the entry.
    expect(f.experts.groups()[0]?.candidates[0]).toMatch(/^shili-guize-2020#5/)
    // Without a question before it, "转人工" says what to do.
    expect(await say('转人工', from('wx-zhao'))).toMatch(/请先提问，再发送“转人工”/)
  })

  it('still answers when the queue is full, and says why the question was not passed on', async () => {
    const add = f.office.db.prepare("INSERT INTO expert_questions (group_id, asked_at, asker_key, channel, reason, question) VALUES (?, ?, 'W01', 'wechaty', 'human', ?)")
    for (let i = 1; i <= 500; i++) add.run(10_000 + i, '2026-11-20T00:00:00.000Z', `第${i}个互不相似的待答问题编号${i * 7919}`)
    const reply = await say(Q1, from('wx-wang'))
    expect(reply).toMatch(/法规中没有规定[\s\S]*专家待答问题已满，暂时无法转交/)
    expect(f.experts.groups()).toHaveLength(500)
  })

  it('does not queue a question outside the field, nor one with case details', async () => {
    expect(await say('明天天气怎么样', from('wx-wang'))).not.toMatch(/已转给专家/)
    expect(await say('/转人工 王建国涉嫌受贿的线索怎么处置', from('wx-wang'))).toMatch(/问题含有案情细节，未转交专家/)
    expect(f.experts.groups()).toEqual([])
  })

  it('dismisses a group: the askers are told, the questions deleted', async () => {
    await say(Q1, from('wx-wang'))
    await deliver()
    expect(await say('/驳回 1 属于财务规定，请咨询本单位财务部门', from('wx-e2'))).toMatch(/已处理 #1/)
    const told = await deliver()
    expect(told).toEqual([{ to: 'wx-wang', text: '你提的问题（编号 #1）专家未作答复：属于财务规定，请咨询本单位财务部门' }])
    expect(f.experts.groups()).toEqual([])
    expect(await say('/驳回 1', from('wx-e2'))).toMatch(/没有编号为 #1 的待答问题/)
    expect(await say('/答复 abc', from('wx-e2'))).toMatch(/请这样答复：\/答复 编号 答复内容/)
  })

  it('flags an approved entry for review when a cited article gets a new version, and stops using it until approved again', async () => {
    await say(Q1, from('wx-wang'))
    await say(`/答复 1 ${ANSWER}`, from('wx-e1'))
    await say('/审核 F1', from('wx-e2'))
    expect(f.experts.match(Q1)?.id).toBe(1)
    expect(f.experts.review()).toBe(0)
    // The same index, except that the cited regulation is now superseded by a new version.
    const changed = Object.create(f.kb.retriever) as Retriever
    changed.describe = (id) => {
      const d = f.kb.retriever.describe(id)
      return d && { ...d, status: '已被取代', version: '2020-01-01施行（已被2026年修订版取代）' }
    }
    const desk = new ExpertDesk({ db: f.office.db, clock: f.clock, retriever: changed, roster: f.office.roster, outbox: f.outbox, channel: 'wechaty' })
    expect(desk.review()).toBe(1)
    expect(desk.faq(1)).toMatchObject({ status: 'review' })
    expect(desk.faq(1)?.reviewNote).toMatch(/版本或效力已变化/)
    expect(desk.match(Q1)).toBeUndefined()
    expect(desk.pendingText({ key: 'E02', name: '刘专家', roles: ['expert'], known: true }, true)).toMatch(/F1（需复核：/)
    // Approved again, it records the versions the reviewer saw.
    expect(desk.approve({ key: 'E02', name: '刘专家', roles: ['expert'], known: true }, 1, true)).toMatch(/F1 审核通过/)
    expect(desk.review()).toBe(0)
    expect(desk.match(Q1)?.citations[0]?.status).toBe('已被取代')
  })
})

describe('similar questions', () => {
  it('are close for two wordings of one question and far for different questions', () => {
    expect(similarity(Q1, Q2)).toBeGreaterThanOrEqual(0.55)
    expect(similarity(Q1, '函询的回复要用什么字体？')).toBeLessThan(0.3)
    expect(similarity('', Q1)).toBe(0)
  })
})
