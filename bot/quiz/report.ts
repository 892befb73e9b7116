/**
 * Text reports over the bank: the check of a bank (rows that look wrong and why), and the
 * generation figures per regulation. Shared by `npm run quiz` and its tests.
 */
import type { QuizBank } from './bank.js'
import { REJECTION_LABELS, type Rejection } from './generate.js'
import type { BankItem } from './model.js'

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
