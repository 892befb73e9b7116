/**
 * Pure helpers on quiz items and answers, shared by the room quiz (runner.ts), personal practice
 * (practice.ts) and the report (report.ts): the item as asked, standings, the topic filter, the
 * random draw and the posted question text.
 */
import type { ArticleSource } from './check.js'
import { norm } from './check.js'
import { type BankItem, LETTERS, TYPE_LABELS } from './model.js'
import type { Answer, AskedItem } from './store.js'

/** The item as asked: with its citation, and the sentence of the article that holds the answer. */
export function toAsked(it: BankItem, source: ArticleSource | undefined, titleOf: (basis: string) => string | undefined): AskedItem {
  const { origin: _o, bank: _b, state: _s, problems: _p, ...item } = it
  const a = source?.article(it.basis)
  const cite = a?.cite ?? `《${titleOf(it.basis) ?? it.basis}》`
  const key = it.type === 'fill' ? it.answer : it.type === 'judge' ? it.fact : it.options?.[LETTERS.indexOf(it.answer[0] ?? 'A')]
  let quote: string | undefined
  if (a) {
    const sentences = a.text.replace(/^第[^条]{1,8}条\s*/, '').split(/(?<=[。；])/)
    const s = (key && sentences.find((x) => norm(x).includes(norm(key)))) || sentences[0]
    quote = s && s.length > 160 ? `${s.slice(0, 160)}…` : s?.trim()
  }
  return { ...item, cite, ...(quote ? { quote } : {}) }
}

export interface Standing {
  personKey: string
  name: string
  score: number
  /** Total time of the correct answers, ms. */
  ms: number
  answered: number
}

/** Score, then time (faster first), then name. */
export function standings(answers: Answer[]): Standing[] {
  const by = new Map<string, Standing>()
  for (const a of answers) {
    const p = by.get(a.personKey) ?? { personKey: a.personKey, name: a.name, score: 0, ms: 0, answered: 0 }
    p.answered++
    if (a.correct) {
      p.score++
      p.ms += a.ms
    }
    by.set(a.personKey, p)
  }
  return [...by.values()].sort((x, y) => y.score - x.score || x.ms - y.ms || x.name.localeCompare(y.name))
}

/** An item is about every word of the filter: its topic, its regulation's title or its stem says it. */
export function matchesFilter(it: BankItem, filter: string, titleOf: (basis: string) => string | undefined): boolean {
  const words = filter.split(/\s+/).filter(Boolean)
  const title = titleOf(it.basis) ?? ''
  return words.every((w) => it.topic.includes(w) || title.includes(w) || norm(it.stem).includes(norm(w)))
}

/** n items drawn at random (Fisher–Yates with the given source of randomness). */
export function draw<T>(pool: T[], n: number, rnd: () => number): T[] {
  const a = [...pool]
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[a[i], a[j]] = [a[j] as T, a[i] as T]
  }
  return a.slice(0, n)
}

/** A question as posted; without `seconds` it is untimed (personal practice). */
export function questionText(it: AskedItem, n: number, total: number, seconds?: number): string {
  const how = it.type === 'single' ? '请直接回复选项字母，如 B' : it.type === 'multiple' ? '多选，请回复全部正确选项的字母，如 ACD' : it.type === 'judge' ? '请回复“对”或“错”' : '请直接回复所填内容'
  return [
    `【第 ${n}/${total} 题】（${TYPE_LABELS[it.type]}${seconds ? `，${seconds} 秒` : ''}）`,
    it.stem,
    ...(it.options ?? []).map((o, i) => `${LETTERS[i]}. ${o}`),
    how,
  ].join('\n')
}
