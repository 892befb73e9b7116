/**
 * Exact article lookup that bypasses search: "监察法第48条", "《规则》第二十九条", "纪律处分条例 97",
 * "2018年监察法第22条", "规则第30条第1款第3项". The name is resolved through the project's
 * catalog (aliases) or the titles of the regulations in the knowledge base.
 *
 * @example parseReference('监察法第48条', names)?.article // 48
 */
import { NUMERAL_CHARS, parseChineseNumber } from '../text/numerals.js'

export interface Reference {
  /** The name as found (alias or title). */
  name: string
  article: number
  clause?: number
  item?: number
  /** A year written next to the name (2018年监察法, 监察法（2018）). */
  year?: string
  /** Where the reference sits in the question. */
  start: number
  end: number
}

const N = `[${NUMERAL_CHARS}]{1,7}`

/**
 * Finds the first reference to an article. `names` are known regulation names, longest first;
 * names in 《》 are always accepted.
 */
export function parseReference(text: string, names: readonly string[]): Reference | undefined {
  const t = text.replace(/\s+/g, ' ')
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const nameRe = `《([^》]{1,40})》|(${escaped.join('|') || '(?!)'})`
  const re = new RegExp(
    `(?:((?:19|20)\\d{2})\\s*年?(?:版|修订|修正)?的?\\s*)?(?:${nameRe})\\s*(?:[（(]\\s*((?:19|20)\\d{2})[^）)]{0,6}[）)])?\\s*(?:((?:19|20)\\d{2})\\s*年?版?\\s*)?(?:的\\s*)?(?:第\\s*(${N})\\s*条|(${N})\\s*条|(\\d{1,3})(?![\\d年月日号%]))(?:\\s*第\\s*(${N})\\s*款)?(?:\\s*第\\s*(${N})\\s*项)?`,
  )
  const m = re.exec(t)
  if (!m) return undefined
  const article = parseChineseNumber((m[6] ?? m[7] ?? m[8]) as string)
  if (!article) return undefined
  const ref: Reference = { name: (m[2] ?? m[3]) as string, article, start: m.index, end: m.index + m[0].length }
  const year = m[1] ?? m[4] ?? m[5]
  if (year) ref.year = year
  if (m[9]) ref.clause = parseChineseNumber(m[9])
  if (m[10]) ref.item = parseChineseNumber(m[10])
  return ref
}

/** True when the question is nothing but a reference (so the article itself is the answer). */
export function isBareReference(text: string, ref: Reference): boolean {
  const rest = (text.slice(0, ref.start) + text.slice(ref.end)).replace(/[\s，。？?！!、:：]|是什么|讲的?|说的?|内容|规定|原文|全文|怎么|什么|查|看|一下|请问|@\S+/g, '')
  return rest.length <= 2
}

/** Article-level id: `x#30.1.3` → `x#30` (款/项 refinements compare at article level). */
export const articleIdOf = (id: string): string => id.replace(/^([^#]+#\d+).*$/, '$1')
