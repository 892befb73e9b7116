/** The wrong-answer book, spaced repetition, practice rounds and the daily nudge, with a fixed clock. */
import { join } from 'node:path'
import { Rating } from 'ts-fsrs'
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../../bot/clock.js'
import { openDatabase } from '../../../../bot/office/db.js'
import { createCalendar } from '../../../../bot/office/rectification/calendar.js'
import { Outbox } from '../../../../bot/office/rectification/outbox.js'
import { QuizBank } from '../../../../bot/office/quiz/bank.js'
import type { ArticleSource, ArticleText } from '../../../../bot/office/quiz/check.js'
import type { QuizItem } from '../../../../bot/office/quiz/model.js'
import { PracticeBook, ratingOf, SLOW_MS } from '../../../../bot/office/quiz/practice.js'
import { toAsked } from '../../../../bot/office/quiz/items.js'
import { QuizRunner } from '../../../../bot/office/quiz/runner.js'
import { QuizStore } from '../../../../bot/office/quiz/store.js'
import { tempDir } from '../../../helpers/kb.js'
import { routerFixture } from '../../../helpers/bot.js'

const A: Record<string, string> = { 'shili#8': '第八条 违纪党员对处分决定不服的，可以在收到决定之日起三个月内提出申诉。' }
const src: ArticleSource = { article: (id) => (A[id] ? ({ id, text: A[id] as string, status: '现行有效', cite: '《示例规则》第八条' } as ArticleText) : undefined), siblings: () => [] }
const ITEMS: QuizItem[] = Array.from({ length: 8 }, (_, i) => ({ id: `p${i + 1}`, type: 'single' as const, topic: '申诉', stem: `对处分不服，多长时间内可以申诉？（第 ${i + 1} 问）`, options: ['一个月', '三个月', '六个月'], answer: 'B', explanation: '', basis: 'shili#8' }))

function setup(now = '2026-12-02T01:00:00Z') {
  const clock = fixedClock(now)
  const db = openDatabase(join(tempDir(), 'p.sqlite'))
  const bank = QuizBank.build({ builtin: ITEMS, source: { ...src, inForce: () => [] } })
  const book = new PracticeBook(db, { clock, bank: () => bank, asked: (it) => toAsked(it, src, () => '示例规则'), random: () => 0.999 })
  const asked = (id: string) => toAsked(bank.get(id)!, src, () => '示例规则')
  return { clock, db, book, asked }
}

describe('the wrong-answer book', () => {
  it('rates wrong as Again, slow right as Hard, right as Good', () => {
    expect(ratingOf(false, 1000)).toBe(Rating.Again)
    expect(ratingOf(true, SLOW_MS + 1)).toBe(Rating.Hard)
    expect(ratingOf(true, 5000)).toBe(Rating.Good)
  })

  it('takes in wrong answers only, and spaces an item further after each right one', () => {
    const { book, clock, asked } = setup()
    book.record('P01', asked('p1'), { correct: true, ms: 3000 }, clock.now())
    expect(book.cards('P01')).toEqual([])
    book.record('P01', asked('p1'), { correct: false, ms: 3000 }, clock.now())
    const first = book.cards('P01')[0]!
    expect(first.wrong).toBe(1)
    // Again: due again within minutes.
    expect(Date.parse(first.due) - clock.now().getTime()).toBeLessThanOrEqual(10 * 60_000)
    clock.advance(15 * 60_000)
    book.record('P01', asked('p1'), { correct: true, ms: 3000 }, clock.now())
    clock.advance(60 * 60_000)
    book.record('P01', asked('p1'), { correct: true, ms: 3000 }, clock.now())
    const later = book.cards('P01')[0]!
    expect(Date.parse(later.due) - clock.now().getTime()).toBeGreaterThan(12 * 3600_000)
  })

  it('spaces a slow right answer less than a quick one', () => {
    const a = setup()
    const b = setup()
    for (const s of [a, b]) s.book.record('P01', s.asked('p1'), { correct: false, ms: 1000 }, s.clock.now())
    for (const s of [a, b]) s.clock.advance(20 * 60_000)
    a.book.record('P01', a.asked('p1'), { correct: true, ms: 2000 }, a.clock.now())
    b.book.record('P01', b.asked('p1'), { correct: true, ms: SLOW_MS + 5000 }, b.clock.now())
    expect(Date.parse(b.book.cards('P01')[0]!.due)).toBeLessThan(Date.parse(a.book.cards('P01')[0]!.due))
  })

  it('runs a round of the items due, grading each reply, and says what is next', () => {
    const { book, clock, asked } = setup()
    expect(() => book.start('P01')).toThrow(/错题本是空的/)
    book.record('P01', asked('p1'), { correct: false, ms: 1000 }, clock.now())
    book.record('P01', asked('p2'), { correct: false, ms: 1000 }, clock.now())
    expect(() => book.start('P01')).toThrow(/暂时没有到期的题，下次到期：2026-12-02 09:0/)
    clock.advance(30 * 60_000)
    expect(book.start('P01')).toMatch(/开始练习，共 2 题[\s\S]*【第 1\/2 题】（单选）/)
    expect(book.answer('P01', '随便聊聊')).toBeUndefined()
    expect(book.answer('P01', 'A')).toMatch(/答错了，正确答案：B\. 三个月\n依据《示例规则》第八条：“违纪党员[\s\S]*【第 2\/2 题】/)
    expect(book.answer('P01', 'B')).toMatch(/答对了！[\s\S]*本轮结束：答对 1\/2。错题本中现有 2 题/)
    expect(book.hasRound('P01')).toBe(false)
  })

  it('draws new items the person has not got in the book', () => {
    const { book, clock, asked } = setup()
    book.record('P01', asked('p1'), { correct: false, ms: 1000 }, clock.now())
    const text = book.start('P01', { fresh: true })
    expect(text).toMatch(/共 5 题/)
    expect(text).not.toContain('第 1 问')
  })

  it('records one practice nudge per working day, in working hours, for those who asked and have items due', () => {
    // 2026-12-02 is a Wednesday; 01:00Z is 09:00 in Shanghai, before the window.
    const { book, clock, db, asked } = setup('2026-12-02T01:00:00Z')
    const outbox = new Outbox(db)
    const cal = createCalendar()
    book.record('P01', asked('p1'), { correct: false, ms: 1000 }, clock.now())
    book.record('P02', asked('p1'), { correct: false, ms: 1000 }, clock.now())
    book.setNudge('P01', true)
    expect(book.planNudges(outbox, cal)).toBe(0)
    clock.set('2026-12-02T02:00:00Z')
    expect(book.planNudges(outbox, cal)).toBe(1)
    expect(book.planNudges(outbox, cal)).toBe(0)
    expect(outbox.get('practice:P01:2026-12-02')?.text).toMatch(/1 道题到期复习/)
    // P02 did not ask for nudges.
    expect(outbox.has('practice:P02:2026-12-02')).toBe(false)
    // Saturday: no nudge.
    clock.set('2026-12-05T03:00:00Z')
    expect(book.planNudges(outbox, cal)).toBe(0)
  })
})

describe('quizzes feed the book', () => {
  it('puts a wrong quiz answer in the person\'s book, and not a right one', async () => {
    const { book, clock, db } = setup()
    const store = new QuizStore(db)
    const bank = QuizBank.build({ builtin: ITEMS, source: { ...src, inForce: () => [] } })
    const runner = new QuizRunner({ store, bank: () => bank, source: src, titleOf: () => '示例规则', clock, channel: 'wechaty', send: async () => undefined, practice: book, random: () => 0.999 })
    const room = { id: 'r@chatroom', topic: '培训群' }
    await runner.start({ key: 'T01', name: '刘老师', roles: ['trainer'], known: true }, room, '1 30')
    await runner.answer({ key: 'P01', name: '甲', roles: [], known: true }, room, 'A', false)
    await runner.answer({ key: 'P02', name: '乙', roles: [], known: true }, room, 'B', false)
    clock.advance(31_000)
    await runner.tick()
    expect(book.cards('P01').map((c) => c.wrong)).toEqual([1])
    expect(book.cards('P02')).toEqual([])
  })
})

describe('/练习 through the router', () => {
  it('runs in private chat only, and takes replies during a round as answers', async () => {
    const f = await routerFixture()
    const wang = { id: 'wx-wang', name: '王科长' }
    await f.route(f.msg('@助手 /练习', { roomTopic: '培训群', from: wang, mentionSelf: true }))
    expect(f.channel.take().join()).toMatch(/练习请私聊助手/)
    await f.route(f.msg('/练习', { from: { id: 'wx-unknown', name: '陌生人' } }))
    expect(f.channel.take().join()).toMatch(/需要先登记到名册/)
    await f.route(f.msg('/练习 新题', { from: wang }))
    const q = f.channel.take().join()
    expect(q).toMatch(/开始练习，共 5 题/)
    const answer = /请回复“对”或“错”/.test(q) ? '对' : /所填内容/.test(q) ? '不知道' : 'A'
    await f.route(f.msg(answer, { from: wang }))
    expect(f.channel.take().join()).toMatch(/答(对|错)了[\s\S]*【第 2\/5 题】/)
    await f.route(f.msg('/练习 结束', { from: wang }))
    expect(f.channel.take().join()).toMatch(/本轮练习已结束/)
    await f.route(f.msg('/练习 提醒 也许', { from: wang }))
    expect(f.channel.take().join()).toMatch(/请写“\/练习 提醒 开”/)
  })
})
