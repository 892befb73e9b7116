/**
 * Quizzes in rooms, with a fixed clock and a recording channel: the whole flow, two rooms at
 * once, late and repeated answers, a restart in the middle, someone who is not a trainer, and
 * malformed commands.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Room } from '../../../../bot/chat/channels/types.js'
import { fixedClock } from '../../../../bot/clock.js'
import { openDatabase } from '../../../../bot/office/db.js'
import { UserError } from '../../../../bot/errors.js'
import { QuizBank } from '../../../../bot/office/quiz/bank.js'
import type { ArticleSource, ArticleText } from '../../../../bot/office/quiz/check.js'
import type { QuizItem } from '../../../../bot/office/quiz/model.js'
import { QuizRunner, parseStartArgs } from '../../../../bot/office/quiz/runner.js'
import { QuizStore } from '../../../../bot/office/quiz/store.js'
import type { Actor } from '../../../../bot/office/roster/model.js'
import { tempDir } from '../../../helpers/kb.js'

const A: Record<string, string> = {
  'shili#5': '第五条 被函询人应当在收到函件后十五个工作日内作出书面说明。',
  'shili#8': '第八条 违纪党员对处分决定不服的，可以在收到决定之日起三个月内提出申诉。',
  'shili#10': '第十条 采取留置措施后，应当在二十四小时以内通知被留置人员所在单位和家属。',
}
const src: ArticleSource = {
  article: (id) => (A[id] ? ({ id, text: A[id] as string, status: '现行有效', cite: `《示例规则》第${id.split('#')[1]}条` } as ArticleText) : undefined),
  siblings: () => [],
}
const ITEMS: QuizItem[] = [
  { id: 'q1', type: 'single', topic: '申诉', stem: '对处分不服，多长时间内可以申诉？', options: ['一个月', '三个月', '六个月', '一年'], answer: 'B', explanation: '', basis: 'shili#8' },
  { id: 'q2', type: 'judge', topic: '留置', stem: '采取留置措施后，应当在二十四小时以内通知单位和家属。', answer: '对', fact: '二十四小时', explanation: '', basis: 'shili#10' },
  { id: 'q3', type: 'fill', topic: '函询', stem: '被函询人要在收到函件后____内作出书面说明。', answer: '十五个工作日', explanation: '', basis: 'shili#5' },
]
const TRAINER: Actor = { key: 'T01', name: '刘老师', roles: ['trainer'], known: true }
const ALICE: Actor = { key: 'P01', name: '甲', roles: [], known: true }
const BOB: Actor = { key: 'P02', name: '乙', roles: [], known: true }
const STRANGER: Actor = { key: 'guest:x', name: '陌生人', roles: [], known: false }
const R1: Room = { id: 'r1@chatroom', topic: '培训一群' }
const R2: Room = { id: 'r2@chatroom', topic: '培训二群' }

function setup(file = join(tempDir(), 'quiz.sqlite'), clock = fixedClock('2026-12-02T02:00:00Z')) {
  const sent: Array<{ room: string; text: string }> = []
  const store = new QuizStore(openDatabase(file))
  const bank = QuizBank.build({ builtin: ITEMS, source: { ...src, inForce: () => [] } })
  // Items in the bank's order: the "random" draw never shuffles.
  const runner = new QuizRunner({ store, bank: () => bank, source: src, titleOf: () => '示例规则', clock, channel: 'wechaty', send: async (room, text) => void sent.push({ room: room.id, text }), random: () => 0.999 })
  const take = (room = R1.id) => {
    const out = sent.filter((s) => s.room === room).map((s) => s.text)
    sent.splice(0, sent.length, ...sent.filter((s) => s.room !== room))
    return out
  }
  return { runner, store, clock, take, file }
}

describe('a quiz in a room', () => {
  it('asks one question at a time, scores first answers, quotes the article and ends with a leaderboard', async () => {
    const { runner, clock, take } = setup()
    await runner.start(TRAINER, R1, '3 30')
    let out = take()
    expect(out[0]).toMatch(/开始！共 3 题，每题 30 秒/)
    expect(out[1]).toMatch(/【第 1\/3 题】（单选，30 秒）\n对处分不服/)
    clock.advance(5_000)
    expect(await runner.answer(BOB, R1, 'b', false)).toEqual({ taken: true })
    clock.advance(3_000)
    expect(await runner.answer(ALICE, R1, 'B', false)).toEqual({ taken: true })
    // Chat that is not an answer passes on to the rest of the bot.
    expect((await runner.answer(ALICE, R1, '这题有点难', false)).taken).toBe(false)
    clock.advance(23_000)
    expect(await runner.tick()).toBe(1)
    out = take()
    expect(out[0]).toMatch(/第 1 题答案：B\. 三个月\n依据《示例规则》第8条：“违纪党员对处分决定不服的.*三个月内提出申诉。”\n作答 2 人，答对 2 人（100%）/)
    expect(out[1]).toMatch(/【第 2\/3 题】（判断/)
    await runner.answer(ALICE, R1, '对', false)
    await runner.answer(BOB, R1, '错', false)
    clock.advance(31_000)
    await runner.tick()
    take()
    // Fill-in: a message to the bot is a question, not an answer.
    expect((await runner.answer(ALICE, R1, '十五个工作日', true)).taken).toBe(false)
    await runner.answer(ALICE, R1, '十五个工作日', false)
    clock.advance(31_000)
    await runner.tick()
    out = take()
    expect(out[1]).toMatch(/结束（全部答完）：共出 3 题，2 人参加。\n排行榜：\n1\. 甲 答对 3\/3，用时 8 秒\n2\. 乙 答对 1\/3，用时 5 秒/)
    expect(runner.live(R1.id)).toBeUndefined()
  })

  it('counts the first answer only and says once that later ones are ignored', async () => {
    const { runner, clock, store } = setup()
    await runner.start(TRAINER, R1, '2 30')
    expect(await runner.answer(ALICE, R1, 'A', false)).toEqual({ taken: true })
    expect((await runner.answer(ALICE, R1, 'B', false)).reply).toMatch(/以第一次作答为准/)
    expect((await runner.answer(ALICE, R1, 'C', false)).reply).toBeUndefined()
    clock.advance(30_500)
    // Past the deadline, before the tick has closed it: late, said once.
    expect((await runner.answer(BOB, R1, 'B', false)).reply).toMatch(/已截止，这次作答不计分/)
    expect((await runner.answer(BOB, R1, 'B', false)).reply).toBeUndefined()
    const q = runner.live(R1.id)!
    expect(store.answers(q.id, 1).map((a) => [a.name, a.answer, a.correct])).toEqual([['甲', 'A', false]])
  })

  it('runs in two rooms at once, each with its own questions and scores', async () => {
    const { runner, clock, take, store } = setup()
    await runner.start(TRAINER, R1, '1 20')
    await runner.start({ ...TRAINER, key: 'T02', name: '陈老师' }, R2, '申诉 1 60')
    await runner.answer(ALICE, R1, 'B', false)
    await runner.answer(BOB, R2, 'A', false)
    clock.advance(21_000)
    expect(await runner.tick()).toBe(1)
    expect(take(R1.id).at(-1)).toMatch(/1\. 甲 答对 1\/1/)
    expect(take(R2.id)).toHaveLength(2)
    clock.advance(40_000)
    await runner.tick()
    expect(take(R2.id).at(-1)).toMatch(/1\. 乙 答对 0\/1/)
    expect(store.latest().map((q) => q.state)).toEqual(['finished', 'finished'])
  })

  it('goes on after a restart: state and deadlines are in the database', async () => {
    const clock = fixedClock('2026-12-02T02:00:00Z')
    const first = setup(undefined, clock)
    await first.runner.start(TRAINER, R1, '2 30')
    await first.runner.answer(ALICE, R1, 'B', false)
    first.store.db.close()
    // The process died; a new one opens the same file 40 seconds later.
    clock.advance(40_000)
    const again = setup(first.file, clock)
    expect(again.runner.live(R1.id)?.current).toBe(1)
    await again.runner.tick()
    const out = again.take()
    expect(out[0]).toMatch(/第 1 题答案：B.*\n[\s\S]*作答 1 人，答对 1 人/)
    expect(out[1]).toMatch(/【第 2\/2 题】/)
    // A tick repeated after a crash between closing and posting does not close twice.
    expect(await again.runner.tick()).toBe(0)
  })

  it('pauses and resumes with the time that was left', async () => {
    const { runner, clock, take } = setup()
    await runner.start(TRAINER, R1, '1 30')
    clock.advance(10_000)
    await runner.pause(TRAINER, R1)
    expect(take().at(-1)).toMatch(/已暂停（第 1 题还剩 20 秒）/)
    expect((await runner.answer(ALICE, R1, 'B', false)).reply).toMatch(/暂停中/)
    clock.advance(600_000)
    expect(await runner.tick()).toBe(0)
    await runner.resume(TRAINER, R1)
    expect(take().at(-1)).toMatch(/还有 20 秒/)
    clock.advance(19_000)
    expect(await runner.tick()).toBe(0)
    clock.advance(2_000)
    expect(await runner.tick()).toBe(1)
  })

  it('refuses anyone but a roster trainer, a quiz in private chat, a second quiz, and bad arguments, each in Chinese', async () => {
    const { runner } = setup()
    await expect(runner.start(STRANGER, R1, '')).rejects.toThrow(/只有名册中的培训管理员可以组织测验/)
    await expect(runner.start(ALICE, R1, '')).rejects.toThrow(UserError)
    await expect(runner.start(TRAINER, undefined, '')).rejects.toThrow(/测验在群里进行/)
    await expect(runner.start(TRAINER, R1, '不存在的主题')).rejects.toThrow(/没有找到与“不存在的主题”相关的可用题目/)
    await runner.start(TRAINER, R1, '1')
    await expect(runner.start(TRAINER, R1, '1')).rejects.toThrow(/已有一场测验在进行/)
    await expect(runner.end(ALICE, R1)).rejects.toThrow(/只有发起这场测验的培训管理员/)
    await expect(runner.pause(TRAINER, R2)).rejects.toThrow(/本群没有进行中的测验/)
    expect(() => parseStartArgs('0')).toThrow(/题数应在 1–50 之间/)
    expect(() => parseStartArgs('5 5')).toThrow(/每题时间应在 10–600 秒之间/)
    expect(() => parseStartArgs('-3')).toThrow(/题数和秒数请写正整数/)
    expect(() => parseStartArgs('3.5')).toThrow(/题数和秒数请写正整数/)
    expect(parseStartArgs('监察法 5题 30秒')).toEqual({ filter: '监察法', count: 5, seconds: 30 })
    expect(() => parseStartArgs('5 30 40')).toThrow(/重复了每题秒数/)
    expect(() => parseStartArgs('5题 6题')).toThrow(/重复了题数/)
  })

  it('announces start and end to the configured group with counts, never names', async () => {
    const clock = fixedClock('2026-12-02T02:00:00Z')
    const store = new QuizStore(openDatabase(join(tempDir(), 'a.sqlite')))
    const bank = QuizBank.build({ builtin: ITEMS, source: { ...src, inForce: () => [] } })
    const said: string[] = []
    const runner = new QuizRunner({ store, bank: () => bank, source: src, titleOf: () => '示例规则', clock, channel: 'wechaty', send: async () => undefined, random: () => 0.999, announce: (m) => void said.push(m) })
    await runner.start(TRAINER, R1, '1 30')
    await runner.answer(ALICE, R1, 'B', false)
    clock.advance(31_000)
    await runner.tick()
    expect(said).toEqual(['【应知应会测验】在群“培训一群”开始：共 1 题，每题 30 秒。', '【应知应会测验】已结束：出题 1 道，1 人参加，总体答对率 100%。'])
  })

  it('keeps another room\'s quiz going when sending to one room fails', async () => {
    const clock = fixedClock('2026-12-02T02:00:00Z')
    const store = new QuizStore(openDatabase(join(tempDir(), 'f.sqlite')))
    const bank = QuizBank.build({ builtin: ITEMS, source: { ...src, inForce: () => [] } })
    const sent: string[] = []
    const errors: unknown[] = []
    let broken = false
    const runner = new QuizRunner({ store, bank: () => bank, source: src, titleOf: () => '示例规则', clock, channel: 'wechaty', random: () => 0.999, onError: (e) => void errors.push(e),
      send: async (room, text) => {
        if (broken && room.id === R1.id) throw new Error('room gone')
        sent.push(`${room.id} ${text.split('\n')[0]}`)
      } })
    await runner.start(TRAINER, R1, '2 30')
    await runner.start({ ...TRAINER, key: 'T02' }, R2, '2 30')
    broken = true
    sent.length = 0
    clock.advance(31_000)
    expect(await runner.tick()).toBe(2)
    expect(errors).toHaveLength(1)
    expect(sent.filter((s) => s.startsWith(R2.id)).at(-1)).toMatch(/【第 2\/2 题】/)
    // Room 1 goes on at the next tick once sending works again (its question 1 is closed already).
    broken = false
    await runner.tick()
    expect(sent.filter((s) => s.startsWith(R1.id)).at(-1)).toMatch(/【第 2\/2 题】/)
  })

  it('does not ask an item that rests on a superseded text', () => {
    const old: ArticleSource = { article: (id) => ({ ...(src.article(id) as ArticleText), status: '已被取代' }), siblings: () => [] }
    const bank = QuizBank.build({ builtin: ITEMS, source: { ...old, inForce: () => [] } })
    expect(bank.askable()).toEqual([])
    expect(bank.items[0]?.problems[0]).toMatch(/已被取代，不作为现行规定出题/)
  })
})
