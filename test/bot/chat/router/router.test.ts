import { beforeEach, describe, expect, it } from 'vitest'
import { APOLOGY } from '../../../../bot/chat/router/compose.js'
import { CONFIDENTIAL_NOTICE } from '../../../../bot/chat/router/confidential.js'
import { NON_TEXT_HINT, RATE_NOTICE } from '../../../../bot/chat/router/guards.js'
import { HELP_TEXT } from '../../../../bot/chat/router/commands/help.js'
import { routerFixture } from '../../../helpers/bot.js'

let f: Awaited<ReturnType<typeof routerFixture>>
beforeEach(async () => {
  f = await routerFixture()
})

const Q = '被函询人收到函件后多长时间内要书面说明？'

describe('group-chat rules', () => {
  it('replies in a room only when mentioned, and @s the asker', async () => {
    await f.route(f.msg(Q, { roomTopic: '纪检群' }))
    expect(f.channel.sent).toEqual([])
    await f.route(f.msg(`@助手 ${Q}`, { roomTopic: '纪检群', mentionSelf: true }))
    expect(f.channel.sent).toHaveLength(1)
    expect(f.channel.sent[0]?.to).toMatchObject({ room: { topic: '纪检群' }, person: { name: '张三' }, mention: true })
    expect(f.channel.sent[0]?.text).toContain('15个工作日')
  })

  it('counts the written name as a mention and answers commands without one', async () => {
    await f.route(f.msg(`@助手　${Q}`, { roomTopic: '纪检群' }))
    await f.route(f.msg('/帮助', { roomTopic: '纪检群' }))
    expect(f.channel.take()).toEqual([expect.stringContaining('15个工作日'), HELP_TEXT])
  })

  it('always answers in private chat', async () => {
    await f.route(f.msg(Q))
    expect(f.channel.sent[0]?.to).toMatchObject({ person: { name: '张三' }, mention: false })
  })

  it('drops its own messages, stale replays and a message id already handled', async () => {
    await f.route(f.msg(Q, { self: true }))
    await f.route(f.msg(Q, { date: new Date(Date.parse('2026-11-21T01:50:00Z')) }))
    const m = f.msg(Q)
    await f.route(m)
    await f.route({ ...m })
    expect(f.channel.sent).toHaveLength(1)
  })

  it('gives a short hint for non-text in private chat and stays silent in rooms', async () => {
    await f.route(f.msg('', { kind: 'other', roomTopic: '纪检群', mentionSelf: true }))
    await f.route(f.msg('', { kind: 'other' }))
    expect(f.channel.take()).toEqual([NON_TEXT_HINT])
  })

  it('honours allow-lists of rooms and of people by account id (never by name)', async () => {
    const g = await routerFixture({ allow: { rooms: ['纪检群'], people: ['u-zhang'] } })
    await g.route(g.msg(Q, { from: { id: 'u-impostor', name: '张三' } }))
    await g.route(g.msg(`@助手 ${Q}`, { roomTopic: '闲聊群', mentionSelf: true }))
    await g.route(g.msg(Q, { from: { id: 'u-wang', name: '王五' } }))
    expect(g.channel.sent).toEqual([])
    await g.route(g.msg(`@助手 ${Q}`, { roomTopic: '纪检群', mentionSelf: true }))
    expect(g.channel.sent).toHaveLength(1)
  })

  it('rate-limits per person with one polite notice, then recovers', async () => {
    for (let i = 0; i < 9; i++) await f.route(f.msg(`/条 示例纪检工作规则 ${(i % 8) + 1}`))
    const texts = f.channel.take()
    expect(texts.filter((t) => t === RATE_NOTICE)).toHaveLength(1)
    expect(texts).toHaveLength(6)
    f.clock.advance(61_000)
    await f.route(f.msg('/帮助'))
    expect(f.channel.take()).toEqual([HELP_TEXT])
  })
})

describe('confidentiality', () => {
  it('warns instead of answering when case details appear in a group, without echoing them', async () => {
    await f.route(f.msg('@助手 王建国涉嫌受贿，手机13912345678，线索怎么处置', { roomTopic: '纪检群', mentionSelf: true }))
    const [reply] = f.channel.take()
    expect(reply).toBe(CONFIDENTIAL_NOTICE.replace('{what}', '手机号'))
    expect(reply).not.toContain('王建国')
  })

  it('lets the same question through in private chat', async () => {
    await f.route(f.msg('王建国涉嫌受贿，线索怎么处置'))
    expect(f.channel.take()[0]).not.toMatch(/请勿在群里发送/)
  })

  it('logs one line per message with hashed ids and never the text or names', async () => {
    await f.route(f.msg('@助手 张三的线索怎么处置', { roomTopic: '纪检群', mentionSelf: true }))
    await f.route(f.msg(Q))
    const raw = f.logLines.filter((l) => l.includes('"msg":"message"'))
    const lines = raw.map((l) => JSON.parse(l))
    expect(lines).toHaveLength(2)
    // One "msg" key per line (the text), the hashed message id under its own key.
    for (const l of raw) expect(l.match(/"msg":/g)).toHaveLength(1)
    expect(lines[0].msgId).toMatch(/^[0-9a-f]{12}$/)
    expect(lines[0]).toMatchObject({ room: true, outcome: expect.any(String), replies: 1 })
    expect(lines[1]).toMatchObject({ room: false, outcome: 'answer' })
    const all = f.logLines.join('\n')
    for (const secret of ['张三', '线索怎么处置', '被函询人', '纪检群', 'u-zhang']) expect(all).not.toContain(secret)
  })
})

describe('commands', () => {
  it('/条 shows the article, and explains the form on bad arguments', async () => {
    await f.route(f.msg('/条 示例纪检工作规则 5'))
    await f.route(f.msg('／条示例纪检工作规则第五条'))
    await f.route(f.msg('/条 示例纪检工作规则'))
    const [a, b, c] = f.channel.take()
    expect(a).toContain('15个工作日')
    expect(b).toBe(a)
    expect(c).toMatch(/请这样输入：\/条 监察法 48/)
  })

  it('/搜 lists numbered hits and /原文 N shows the full text', async () => {
    await f.route(f.msg('/搜 谈话函询'))
    const [list] = f.channel.take()
    expect(list).toMatch(/^“谈话函询”的检索结果：\n1\. /)
    await f.route(f.msg('/原文 1'))
    expect(f.channel.take()[0]).toMatch(/示例纪检工作规则/)
    await f.route(f.msg('/原文 99'))
    expect(f.channel.take()[0]).toMatch(/请写引用编号，例如：\/原文 1/)
  })

  it('/原文 without an earlier answer says what to do', async () => {
    await f.route(f.msg('/原文 1'))
    expect(f.channel.take()[0]).toMatch(/请先提问或检索/)
  })

  it('/反馈 stores the rating with the cited provisions, not the question', async () => {
    await f.route(f.msg(Q))
    await f.route(f.msg('/反馈 👎 期限说得不全'))
    await f.route(f.msg('/反馈 还行吧'))
    await f.route(f.msg('/反馈 好像不准确'))
    const texts = f.channel.take()
    expect(texts[1]).toMatch(/谢谢指出问题/)
    expect(texts[2]).toMatch(/请这样评价/)
    expect(texts[3]).toMatch(/谢谢指出问题/)
    const who = 'guest:wechaty:u-zhang'
    expect(f.feedback.entries).toEqual([
      { chat: `p:${who}`, person: who, rating: 'down', comment: '期限说得不全', citations: expect.arrayContaining(['shili-guize-2020#5']), via: 'command' },
      // "好像不准确" starts with 好 but is a complaint: stored as 👎 with the whole text.
      { chat: `p:${who}`, person: who, rating: 'down', comment: '好像不准确', citations: expect.arrayContaining(['shili-guize-2020#5']), via: 'command' },
    ])
  })

  it('stores a 👎 given with the chat system\'s buttons under an answer, with that answer\'s citations and no reply', async () => {
    const q = f.msg(Q)
    await f.route(q)
    await f.route(f.msg('/条 监察法 48'))
    f.channel.take()
    // The rating refers to the first answer, although another reply came after it.
    await f.route({ ...f.msg(''), kind: 'rating', rating: { rating: 'down', comment: '期限不对', reasons: [2, 3], answerTo: q.id } })
    await f.route({ ...f.msg(''), kind: 'rating', rating: { rating: 'withdrawn', comment: '', reasons: [], answerTo: q.id } })
    // A rating on an answer no longer remembered is kept, without citations.
    await f.route({ ...f.msg(''), kind: 'rating', rating: { rating: 'up', comment: '', reasons: [], answerTo: 'gone' } })
    expect(f.channel.take()).toEqual([])
    const who = 'guest:wechaty:u-zhang'
    expect(f.feedback.entries).toEqual([
      { chat: `p:${who}`, person: who, rating: 'down', comment: '期限不对', citations: expect.arrayContaining(['shili-guize-2020#5']), via: 'button', answer: q.id, reasons: [2, 3] },
      { chat: `p:${who}`, person: who, rating: 'withdrawn', comment: '', citations: expect.arrayContaining(['shili-guize-2020#5']), via: 'button', answer: q.id, reasons: [] },
      { chat: `p:${who}`, person: who, rating: 'up', comment: '', citations: [], via: 'button', answer: 'gone', reasons: [] },
    ])
  })

  it('posts nothing, not even an apology, when a button rating cannot be stored', async () => {
    f.feedback.add = async () => {
      throw Object.assign(new Error('disk full'), { code: 'ENOSPC' })
    }
    await f.route({ ...f.msg('', { roomTopic: '纪检群' }), kind: 'rating', rating: { rating: 'down', comment: '', reasons: [], answerTo: 'x' } })
    expect(f.channel.take()).toEqual([])
    expect(f.logLines.join('')).toMatch(/rating not stored/)
  })

  it('says which commands exist when an unknown one is sent', async () => {
    await f.route(f.msg('/天气'))
    expect(f.channel.take()[0]).toMatch(/没有这个命令。可用命令：\/帮助/)
  })

  it('reads a short follow-up with the previous question', async () => {
    await f.route(f.msg('对下一级单位负责人谈话函询要谁批准？'))
    f.channel.take()
    f.clock.advance(60_000)
    await f.route(f.msg('那如果是初步核实呢？'))
    // The follow-up is what is asked now: its own words lead (初步核实的审批), the earlier question gives context.
    expect(f.channel.take()[0]).toContain('初步核实')
  })
})

describe('replies and errors', () => {
  it('splits a long reply under the byte limit', async () => {
    const g = await routerFixture({ maxReplyBytes: 300 })
    await g.route(g.msg('示例纪检工作规则第6条'))
    const parts = g.channel.take()
    expect(parts.length).toBeGreaterThan(1)
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(300)
    expect(parts.join('\n')).toContain('（三）调取有关单位的账目凭证。')
  })

  it('turns a failing handler into one polite reply and keeps working', async () => {
    const broken = f.kb.answerer.answer.bind(f.kb.answerer)
    let fail = true
    f.kb.answerer.answer = async (q, o) => {
      if (fail) {
        fail = false
        throw new Error('index exploded')
      }
      return broken(q, o)
    }
    await f.route(f.msg(Q))
    await f.route(f.msg(Q + ' '))
    const [first, second] = f.channel.take()
    expect(first).toBe(APOLOGY)
    expect(second).toContain('15个工作日')
    expect(f.logLines.join('\n')).toContain('handler failed')
  })
})

describe('/期限', () => {
  it('computes a due date in working days and explains bad input', async () => {
    await f.route(f.msg('/期限 2026-11-03 15个工作日'))
    await f.route(f.msg('/期限 2026-11-03'))
    await f.route(f.msg('/期限 下周 15个工作日'))
    const [ok, noDuration, badDate] = f.channel.take()
    expect(ok).toMatch(/期限届满日为 2026-11-24（星期二）/)
    expect(noDuration).toMatch(/无法识别期限“2026-11-03”/)
    expect(badDate).toMatch(/无法识别日期“下周”/)
  })
})

describe('/整改 in chat', () => {
  const admin = { from: { id: 'wx-li', name: '李书记' } }
  const owner = { from: { id: 'wx-wang', name: '王科长' } }
  const stranger = { from: { id: 'wx-lu', name: '路人甲' } }
  const impostor = { from: { id: 'wx-evil', name: '李书记' } }

  it('works in private chat with roster rights, and refuses to run in a group', async () => {
    await f.route(f.msg('/整改 新建 XC-01｜三重一大未集体研究｜巡察反馈｜县财政局｜王科长｜赵主任｜2026-12-31', admin))
    await f.route(f.msg('/整改 新建 XC-02｜问题｜巡察反馈｜县财政局｜王科长｜赵主任｜2026-12-31', owner))
    await f.route(f.msg('/整改 完成 XC-01 已建立制度', owner))
    await f.route(f.msg('/整改 销号 XC-01', admin))
    await f.route(f.msg('/整改 详情 XC-01', admin))
    await f.route(f.msg('/整改 列表', { ...admin, roomTopic: '纪检群', mentionSelf: true }))
    await f.route(f.msg('/整改 新建 太少｜字段', admin))
    const [created, denied, done, closed, detail, inRoom, bad] = f.channel.take()
    expect(created).toMatch(/已新建 XC-01，期限 2026-12-31，责任人 王科长，督办人 赵主任/)
    expect(denied).toMatch(/只有管理员可以新建/)
    expect(done).toMatch(/等待督办人 赵主任 销号/)
    expect(closed).toBe('已销号：XC-01。')
    expect(detail).toMatch(/王科长 报告完成 状态 整改中→已完成待销号：已建立制度/)
    expect(inRoom).toMatch(/只在私聊中使用/)
    expect(bad).toMatch(/新建需要 7 项/)
  })

  it('a contact renamed to an admin\'s name gets no admin rights', async () => {
    await f.route(f.msg('/整改 新建 XC-03｜问题｜巡察反馈｜县财政局｜王科长｜赵主任｜2026-12-31', impostor))
    await f.route(f.msg('/名册 列表', impostor))
    expect(f.channel.take()).toEqual([expect.stringMatching(/只有管理员可以新建/), expect.stringMatching(/只有管理员可以管理名册/)])
    expect(f.office.store.count()).toBe(0)
  })

  it('keeps the ledger to those who need to know', async () => {
    await f.route(f.msg('/整改 新建 XC-01｜三重一大未集体研究｜巡察反馈｜县财政局｜王科长｜赵主任｜2026-12-31', admin))
    f.channel.take()
    await f.route(f.msg('/整改 列表', stranger))
    await f.route(f.msg('/整改 详情 XC-01', stranger))
    await f.route(f.msg('/整改 列表', impostor))
    await f.route(f.msg('/整改 列表', owner))
    const [list, detail, list2, mine] = f.channel.take()
    expect(list).toMatch(/整改台账只对管理员、书记\/巡察办和事项的责任人、督办人开放/)
    expect(detail).toMatch(/没有编号为“XC-01”的整改事项，或您无权查看/)
    expect(detail).not.toContain('三重一大')
    expect(list2).toMatch(/整改台账只对/)
    expect(mine).toMatch(/XC-01｜县财政局｜王科长/)
  })
})

describe('roster in chat', () => {
  const admin = { from: { id: 'wx-li', name: '李书记' } }

  it('an admin adds a person and issues a binding code; the person binds their account and gets their rights', async () => {
    await f.route(f.msg('/名册 添加 N01｜孙科长｜县审计局｜督办', admin))
    await f.route(f.msg('/名册 绑定码 N01', admin))
    const [added, codeMsg] = f.channel.take()
    expect(added).toMatch(/已添加：N01｜孙科长｜县审计局｜督办/)
    const code = /绑定码：(\d{8})/.exec(codeMsg ?? '')?.[1] as string
    const newcomer = { from: { id: 'wx-sun', name: '孙科长' } }
    await f.route(f.msg('/我是谁', newcomer))
    await f.route(f.msg(`/绑定 ${code}`, newcomer))
    await f.route(f.msg('/我是谁', { from: { id: 'wx-sun', name: '改了个昵称' } }))
    await f.route(f.msg(`/绑定 ${code}`, { from: { id: 'wx-other', name: '孙科长' } }))
    const [before, bound, after, reused] = f.channel.take()
    expect(before).toMatch(/您还不在名册中。\n您的微信账号：wx-sun/)
    expect(bound).toMatch(/绑定成功：孙科长（县审计局），人员编号 N01，角色：督办/)
    expect(after).toMatch(/孙科长（县审计局），人员编号 N01/)
    expect(reused).toMatch(/绑定码无效或已使用/)
  })

  it('keeps roster commands private and explains malformed ones', async () => {
    await f.route(f.msg('/名册 列表', { ...admin, roomTopic: '纪检群', mentionSelf: true }))
    await f.route(f.msg('/名册 添加 N01｜孙科长', admin))
    await f.route(f.msg('/名册 角色 W01 老大', admin))
    await f.route(f.msg('/名册 删除 A01', admin))
    await f.route(f.msg('/绑定 abc', { from: { id: 'x', name: 'y' } }))
    const [inRoom, short, badRole, self, badCode] = f.channel.take()
    expect(inRoom).toMatch(/只在私聊中使用/)
    expect(short).toMatch(/添加需要 3 或 4 项/)
    expect(badRole).toMatch(/无法识别的角色：老大/)
    expect(self).toMatch(/不能删除自己/)
    expect(badCode).toMatch(/8 位数字绑定码/)
  })
})
