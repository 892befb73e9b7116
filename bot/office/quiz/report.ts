/**
 * Reports: the check of a bank (rows that look wrong and why), the generation figures per
 * regulation, a trainer's report of one quiz (participants, scores, per-question correct rate,
 * the hardest items with their articles, who has which items due) as text and as sheets, and the
 * record of a Q&A training session. Shared by `npm run quiz` and the chat commands.
 */
import { UserError } from '../../errors.js'
import { shanghaiDateTime } from '../sheets.js'
import type { QuizBank } from './bank.js'
import { REJECTION_LABELS, type Rejection } from './generate.js'
import { type BankItem, TYPE_LABELS } from './model.js'
import type { PracticeBook } from './practice.js'
import { type Standing, standings } from './items.js'
import type { AskedItem, Quiz, QuizStore } from './store.js'
import { OUTCOME_LABELS, type TrainingLog } from './training.js'

const STATE_LABELS: Record<BankItem['state'], string> = { ok: '可出题', superseded: '依据已被取代', flagged: '未通过核对' }

export function bankSummary(bank: QuizBank, only?: (it: BankItem) => boolean, max = 60): string {
  const items = bank.items.filter((i) => !only || only(i))
  const lines: string[] = []
  for (const b of new Set(items.map((i) => i.bank))) {
    const list = items.filter((i) => i.bank === b)
    const count = (s: BankItem['state']) => list.filter((i) => i.state === s).length
    lines.push(`题库“${b}”：共 ${list.length} 题，${(['ok', 'superseded', 'flagged'] as const).map((s) => `${STATE_LABELS[s]} ${count(s)}`).join('，')}`)
  }
  const bad = items.filter((i) => i.state !== 'ok')
  if (bad.length) {
    lines.push('', '需要处理的题目（编号：原因）：')
    for (const it of bad.slice(0, max)) lines.push(`${it.id}：${it.problems.join('；')}`)
    if (bad.length > max) lines.push(`……另有 ${bad.length - max} 题`)
  }
  return lines.join('\n')
}

export function generationTable(bank: QuizBank): string {
  const g = bank.generation
  if (!g) return '没有生成题目（知识库中没有现行有效的法规原文）。'
  const reasons = Object.keys(REJECTION_LABELS) as Rejection[]
  const lines = [`| 法规 | 候选 | 保留 | ${reasons.map((r) => REJECTION_LABELS[r]).join(' | ')} | 改出填空 |`, `|---|---|---|${reasons.map(() => '---|').join('')}---|`]
  let c = 0
  let k = 0
  for (const [, s] of [...g.byRegulation.entries()].sort((a, b) => b[1].kept - a[1].kept)) {
    c += s.candidates
    k += s.kept
    const share = (n: number) => (s.candidates ? `${n}（${Math.round((n / s.candidates) * 100)}%）` : '0')
    lines.push(`| ${s.title} | ${s.candidates} | ${s.kept} | ${reasons.map((r) => share(s.rejected[r])).join(' | ')} | ${s.downgraded} |`)
  }
  lines.push(`| 合计 | ${c} | ${k} | ${reasons.map((r) => String([...g.byRegulation.values()].reduce((a, s) => a + s.rejected[r], 0))).join(' | ')} | ${[...g.byRegulation.values()].reduce((a, s) => a + s.downgraded, 0)} |`)
  return lines.join('\n')
}

/** Everything a trainer's debrief of one quiz needs. */
export interface QuizReport {
  quiz: Quiz
  standings: Standing[]
  questions: Array<{ n: number; item: AskedItem; answered: number; correct: number }>
  /** Participants' wrong-answer book items due now. */
  due: Array<{ name: string; stem: string; cite: string; due: string }>
}

export function quizReport(store: QuizStore, quizId: number, book: PracticeBook | undefined, at: Date): QuizReport {
  const quiz = store.get(quizId)
  if (!quiz) throw new UserError(`没有编号为 ${quizId} 的测验。`)
  const answers = store.answers(quizId)
  const table = standings(answers)
  const questions = store.questions(quizId).filter((q) => q.postedAt).map((q) => {
    const as = answers.filter((a) => a.n === q.n)
    return { n: q.n, item: q.item, answered: as.length, correct: as.filter((a) => a.correct).length }
  })
  const names = new Map(table.map((p) => [p.personKey, p.name]))
  const due = book ? book.dueByPerson(at).filter((d) => names.has(d.personKey)).map((d) => {
    const card = book.cards(d.personKey).find((c) => c.item.id === d.itemId)
    return { name: names.get(d.personKey) as string, stem: card?.item.stem ?? d.itemId, cite: card?.item.cite ?? '', due: d.due }
  }) : []
  return { quiz, standings: table, questions, due }
}

const rate = (q: { answered: number; correct: number }) => (q.answered ? q.correct / q.answered : 0)
const pct = (x: number) => `${Math.round(x * 100)}%`
const local = (iso?: string) => (iso ? shanghaiDateTime(iso) : '—')

/** The hardest questions: lowest correct rate among those someone answered and someone got wrong. */
export function hardest(r: QuizReport, n = 5): QuizReport['questions'] {
  return [...r.questions].filter((q) => q.answered && q.correct < q.answered).sort((a, b) => rate(a) - rate(b) || a.n - b.n).slice(0, n)
}

export function quizReportText(r: QuizReport): string {
  const q = r.quiz
  return [
    `测验报告（编号 ${q.id}）：${q.title}，${r.questions.length} 题，${r.standings.length} 人参加，${local(q.createdAt)} 开始${q.finishedAt ? `，${local(q.finishedAt)} 结束` : '（进行中）'}。`,
    ...(r.standings.length ? ['成绩：', ...r.standings.slice(0, 20).map((p, i) => `${i + 1}. ${p.name} ${p.score}/${r.questions.length}`)] : []),
    '逐题正确率：',
    ...r.questions.map((x) => `第 ${x.n} 题 ${x.answered ? `${x.correct}/${x.answered}（${pct(rate(x))}）` : '无人作答'} ${x.item.cite}`),
    ...(hardest(r).length ? ['最难的题：', ...hardest(r, 3).map((x) => `第 ${x.n} 题（${pct(rate(x))}）：${x.item.stem.slice(0, 40)}${x.item.stem.length > 40 ? '…' : ''} —— ${x.item.cite}`)] : []),
    r.due.length ? `参加者错题本中现有 ${r.due.length} 道题到期（${[...new Set(r.due.map((d) => d.name))].length} 人）；详见导出的报告表。` : '参加者错题本中暂无到期的题。',
    `导出表格：npm run quiz -- report ${q.id} 报告.xlsx`,
  ].join('\n')
}

export function quizReportSheets(r: QuizReport): Array<{ name: string; rows: string[][] }> {
  const q = r.quiz
  return [
    { name: '概况', rows: [['项目', '内容'], ['测验编号', String(q.id)], ['名称', q.title], ['群', q.roomTopic], ['开始', local(q.createdAt)], ['结束', local(q.finishedAt)], ['结束原因', q.endReason ?? '进行中'], ['题数', String(r.questions.length)], ['每题秒数', String(q.seconds)], ['参加人数', String(r.standings.length)]] },
    { name: '成绩', rows: [['名次', '姓名', '答对', '作答', '答对用时（秒）'], ...r.standings.map((p, i) => [String(i + 1), p.name, String(p.score), String(p.answered), String(Math.round(p.ms / 1000))])] },
    { name: '逐题', rows: [['题号', '题型', '题干', '答案', '依据', '作答人数', '答对人数', '正确率'], ...r.questions.map((x) => [String(x.n), TYPE_LABELS[x.item.type], x.item.stem, x.item.answer, x.item.cite, String(x.answered), String(x.correct), x.answered ? pct(rate(x)) : '—'])] },
    { name: '最难的题', rows: [['题号', '正确率', '题干', '依据', '原文'], ...hardest(r).map((x) => [String(x.n), pct(rate(x)), x.item.stem, x.item.cite, x.item.quote ?? ''])] },
    { name: '错题本到期', rows: [['姓名', '题目', '依据', '到期时间'], ...r.due.map((d) => [d.name, d.stem, d.cite, local(d.due)])] },
  ]
}

export function trainingSheets(log: TrainingLog, id: number): Array<{ name: string; rows: string[][] }> {
  const s = log.get(id)
  if (!s) throw new UserError(`没有编号为 ${id} 的培训问答记录。`)
  return [{ name: '培训问答', rows: [['时间', '提问人', '问题', '结果', '引用', '被标记有误'], ...log.questions(id).map((q) => [local(q.at), q.askerName, q.question, OUTCOME_LABELS[q.outcome], q.citations.join('；'), q.markedWrong ? '是' : ''])] }]
}

export function trainingText(log: TrainingLog, id: number): string {
  const s = log.get(id)
  if (!s) throw new UserError(`没有编号为 ${id} 的培训问答记录。`)
  const qs = log.questions(id)
  return [
    `培训问答记录（编号 ${s.id}，${s.roomTopic || '群'}，${local(s.startedAt)}—${s.endedAt ? local(s.endedAt) : '进行中'}）：共 ${qs.length} 个问题。`,
    ...qs.slice(0, 40).map((q, i) => `${i + 1}. ${q.askerName}：${q.question.slice(0, 60)}${q.question.length > 60 ? '…' : ''} —— ${OUTCOME_LABELS[q.outcome]}${q.markedWrong ? '，被标记有误' : ''}`),
    ...(qs.length > 40 ? [`……另有 ${qs.length - 40} 个，请导出：npm run quiz -- training ${s.id} 记录.xlsx`] : []),
  ].join('\n')
}
