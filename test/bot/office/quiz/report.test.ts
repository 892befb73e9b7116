/** The trainer's report of a quiz, and Q&A training sessions through the router. */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../../bot/clock.js'
import { openDatabase } from '../../../../bot/office/db.js'
import { QuizBank } from '../../../../bot/office/quiz/bank.js'
import type { ArticleSource, ArticleText } from '../../../../bot/office/quiz/check.js'
import type { QuizItem } from '../../../../bot/office/quiz/model.js'
import { PracticeBook } from '../../../../bot/office/quiz/practice.js'
import { hardest, quizReport, quizReportSheets, quizReportText } from '../../../../bot/office/quiz/report.js'
import { QuizRunner } from '../../../../bot/office/quiz/runner.js'
import { QuizStore } from '../../../../bot/office/quiz/store.js'
import { readWorkbook, writeXlsx } from '../../../../bot/office/sheets.js'
import { routerFixture } from '../../../helpers/bot.js'
import { tempDir } from '../../../helpers/kb.js'

const A: Record<string, string> = {
  'shili#8': '第八条 违纪党员对处分决定不服的，可以在收到决定之日起三个月内提出申诉。',
  'shili#10': '第十条 采取留置措施后，应当在二十四小时以内通知被留置人员所在单位和家属。',
}
const src: ArticleSource = { article: (id) => (A[id] ? ({ id, text: A[id] as string, status: '现行有效', cite: `《示例规则》第${id.split('#')[1]}条` } as ArticleText) : undefined), siblings: () => [] }
const ITEMS: QuizItem[] = [
  { id: 'q1', type: 'single', topic: '申诉', stem: '对处分不服，多长时间内可以申诉？', options: ['一个月', '三个月', '六个月'], answer: 'B', explanation: '', basis: 'shili#8' },
  { id: 'q2', type: 'judge', topic: '留置', stem: '采取留置措施后，应当在二十四小时以内通知单位和家属。', answer: '对', fact: '二十四小时', explanation: '', basis: 'shili#10' },
]
const T = { key: 'T01', name: '刘老师', roles: ['trainer' as const], known: true }
const P = (k: string, n: string) => ({ key: k, name: n, roles: [], known: true })

describe('quiz report', () => {
  it('gives participants, scores, per-question correct rate, the hardest items and who has items due', async () => {
    const clock = fixedClock('2026-12-02T02:00:00Z')
    const db = openDatabase(join(tempDir(), 'r.sqlite'))
    const store = new QuizStore(db)
    const bank = QuizBank.build({ builtin: ITEMS, source: { ...src, inForce: () => [] } })
    const book = new PracticeBook(db, { clock })
    const runner = new QuizRunner({ store, bank: () => bank, source: src, titleOf: () => '示例规则', clock, channel: 'wechaty', send: async () => undefined, practice: book, random: () => 0.999 })
    const room = { id: 'r@chatroom', topic: '培训群' }
    await runner.start(T, room, '2 30')
    await runner.answer(P('P01', '甲'), room, 'B', false)
    await runner.answer(P('P02', '乙'), room, 'A', false)
    await runner.answer(P('P03', '丙'), room, 'C', false)
    clock.advance(31_000)
    await runner.tick()
    await runner.answer(P('P01', '甲'), room, '对', false)
    await runner.answer(P('P02', '乙'), room, '对', false)
    clock.advance(31_000)
    await runner.tick()
    clock.advance(10 * 60_000)
    const r = quizReport(store, 1, book, clock.now())
    expect(r.standings.map((p) => [p.name, p.score])).toEqual([['甲', 2], ['乙', 1], ['丙', 0]])
    expect(r.questions.map((q) => [q.n, q.answered, q.correct])).toEqual([[1, 3, 1], [2, 2, 2]])
    expect(hardest(r)[0]?.n).toBe(1)
    // 乙 and 丙 answered question 1 wrong: it is due in their books.
    expect(r.due.map((d) => d.name).sort()).toEqual(['丙', '乙'])
    const text = quizReportText(r)
    expect(text).toMatch(/3 人参加[\s\S]*第 1 题 1\/3（33%） 《示例规则》第8条[\s\S]*最难的题：\n第 1 题（33%）：[^\n]*\n参加者/)
    const wb = readWorkbook(writeXlsx(quizReportSheets(r)), 'r.xlsx')
    expect(wb.sheets.map((s) => s.name)).toEqual(['概况', '成绩', '逐题', '最难的题', '错题本到期'])
    expect(wb.sheets[1]?.rows[1]?.map((c) => c.text)).toEqual(['1', '甲', '2', '2', '0'])
    expect(runner.report(T)).toMatch(/测验报告（编号 1）/)
    expect(() => runner.report(P('P01', '甲'))).toThrow(/只有培训管理员/)
    expect(() => runner.report({ ...T, key: 'T02' }, 1)).toThrow(/不是您组织的/)
  })
})

describe('Q&A training sessions', () => {
  it('records the questions asked in the window only, with outcome and wrong marks, for the trainer', async () => {
    const f = await routerFixture()
    const admin = { id: 'wx-li', name: '李书记' }
    const wang = { id: 'wx-wang', name: '王科长' }
    const room = { roomTopic: '培训群', mentionSelf: true }
    await f.route(f.msg('@助手 线索处置有哪几种方式？', { ...room, from: wang }))
    await f.route(f.msg('@助手 /培训 开始', { ...room, from: wang }))
    expect(f.channel.take().join()).toMatch(/只有名册中的培训管理员/)
    await f.route(f.msg('@助手 /培训 开始', { ...room, from: admin }))
    expect(f.channel.take().join()).toMatch(/培训问答开始/)
    await f.route(f.msg('@助手 线索处置有哪几种方式？', { ...room, from: wang }))
    await f.route(f.msg('@助手 /反馈 👎 不全', { ...room, from: wang }))
    await f.route(f.msg('@助手 明天天气怎么样', { ...room, from: wang }))
    f.channel.take()
    await f.route(f.msg('@助手 /培训 结束', { ...room, from: admin }))
    expect(f.channel.take().join()).toMatch(/共提问 2 个，已答复 1 个，仅给出可能相关条文 0 个，未能答复 1 个，被标记有误 1 个/)
    // After the window nothing is stored.
    await f.route(f.msg('@助手 谈话函询要多久回复？', { ...room, from: wang }))
    const stored = f.office.db.prepare('SELECT question FROM training_questions').all() as Array<{ question: string }>
    expect(stored.map((r) => r.question)).toEqual(['线索处置有哪几种方式？', '明天天气怎么样'])
    await f.route(f.msg('/培训 记录', { from: admin }))
    expect(f.channel.take().join()).toMatch(/1\. 王科长：线索处置有哪几种方式？ —— 已答复，被标记有误\n2\. 王科长：明天天气怎么样 —— 未能答复/)
    await f.route(f.msg('@助手 /培训 记录', { ...room, from: admin }))
    expect(f.channel.take().join()).toMatch(/请私聊助手/)
  })

  it('marks the question a 👎 button was given under, whoever rated it, and takes the mark back on withdrawal', async () => {
    const f = await routerFixture()
    const admin = { id: 'wx-li', name: '李书记' }
    const wang = { id: 'wx-wang', name: '王科长' }
    const zhao = { id: 'wx-zhao', name: '赵干事' }
    const room = { roomTopic: '培训群', mentionSelf: true }
    await f.route(f.msg('@助手 /培训 开始', { ...room, from: admin }))
    const first = f.msg('@助手 线索处置有哪几种方式？', { ...room, from: wang })
    await f.route(first)
    await f.route(f.msg('@助手 谈话函询要多久回复？', { ...room, from: wang }))
    await f.route(f.msg('@助手 被函询人多久要书面说明？', { ...room, from: zhao }))
    f.channel.take()
    // 赵 rates 王's first answer: that question is marked, not 赵's own last one nor 王's latest.
    const rate = (rating: 'down' | 'withdrawn', n: number) => ({ ...f.msg('', { ...room, from: zhao }), id: `rate-${n}`, kind: 'rating' as const, rating: { rating, comment: '', reasons: [], answerTo: first.id } })
    await f.route(rate('down', 1))
    const marks = () => (f.office.db.prepare('SELECT question, marked_wrong FROM training_questions ORDER BY id').all() as Array<{ question: string; marked_wrong: number }>).map((r) => r.marked_wrong)
    expect(marks()).toEqual([1, 0, 0])
    await f.route(rate('withdrawn', 2))
    expect(marks()).toEqual([0, 0, 0])
    // A comment that looks like case details is not stored.
    await f.route({ ...f.msg('', { ...room, from: zhao }), id: 'rate-3', kind: 'rating', rating: { rating: 'down', comment: '王建国涉嫌受贿那件事答错了', reasons: [], answerTo: first.id } })
    expect(f.feedback.entries.at(-1)).toMatchObject({ rating: 'down', comment: '', via: 'button' })
    expect(f.channel.take()).toEqual([])
  })
})
