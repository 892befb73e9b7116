/**
 * Finds the provisions a practice document cites (《中国共产党纪律处分条例》第九十条, 监察法第二十二条,
 * 《条例》第二十九条 after "以下简称《条例》") and resolves each to a ProvisionId of a regulation in
 * the knowledge base, choosing the version by the quoted words, an explicit year, or the date of
 * the document.
 *
 * @example extractCitations('依据《监察法》第二十二条、第三十九条规定').map(c => c.article) // [22, 39]
 */
import { NUMERAL_CHARS, parseChineseNumber } from '../text/numerals.js'

export interface RawCitation {
  /** Name as written, aliases already expanded (e.g. 中国共产党纪律处分条例). */
  name: string
  article: number
  /** Offset in the text, to attach the citation to a passage. */
  pos: number
  /** Up to 80 characters after the citation (often the quoted words). */
  after: string
}

const N = `[${NUMERAL_CHARS}]+`
const TITLE_CITE = new RegExp(`《([^》]{2,40})》(?:[（(][^）)]{0,20}[）)])?\\s*第(${N})条`, 'g')
const LIST_TAIL = new RegExp(`^(?:第${N}款)?(?:第${N}项)?(?:[、，,和及与或]|以及)\\s*第(${N})条`)
const ALIAS_DEF = /《([^》]{2,40})》(?:[（(][^）)]{0,20}[）)])?\s*[（(]\s*以下简称\s*[《“"]([^》”"]{1,12})[》”"]\s*[）)]/g

/** Regulation names that are cited without 《》 often enough to scan for (longest first). */
export function extractCitations(text: string, bareNames: readonly string[] = []): RawCitation[] {
  const aliases = new Map<string, string>()
  for (const m of text.matchAll(ALIAS_DEF)) aliases.set(m[2] as string, m[1] as string)
  const out: RawCitation[] = []
  const push = (name: string, numeral: string, pos: number, end: number) => {
    const article = parseChineseNumber(numeral)
    if (!article) return
    out.push({ name: aliases.get(name) ?? name, article, pos, after: text.slice(end, end + 80) })
    // Lists: 第九十条、第九十一条 / 第八条和第九条
    let rest = text.slice(end)
    let offset = end
    for (let m = LIST_TAIL.exec(rest); m; m = LIST_TAIL.exec(rest)) {
      const n = parseChineseNumber(m[1] as string)
      if (!n) break
      offset += m[0].length
      out.push({ name: aliases.get(name) ?? name, article: n, pos, after: text.slice(offset, offset + 80) })
      rest = text.slice(offset)
    }
  }
  for (const m of text.matchAll(TITLE_CITE)) push(m[1] as string, m[2] as string, m.index, m.index + m[0].length)
  if (bareNames.length) {
    const names = bareNames.filter((n) => n.length >= 3).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    const re = new RegExp(`(?<![《])(${names.join('|')})\\s*第(${N})条`, 'g')
    for (const m of text.matchAll(re)) push(m[1] as string, m[2] as string, m.index, m.index + m[0].length)
  }
  return out.sort((a, b) => a.pos - b.pos)
}

/** Character-bigram containment of `probe` in `target` (0..1), Chinese characters only. */
export function bigramContainment(probe: string, target: string): number {
  const clean = (s: string) => s.replace(/[^\u4e00-\u9fff]/g, '')
  const p = clean(probe)
  const t = clean(target)
  if (p.length < 4 || t.length < 2) return 0
  return bigramShare(p, t)
}

/** Share of `probe`'s character bigrams that occur in `target`, both taken as they are. */
export function bigramShare(probe: string, target: string): number {
  const grams = new Set<string>()
  for (let i = 0; i + 1 < target.length; i++) grams.add(target.slice(i, i + 2))
  let hit = 0
  let all = 0
  for (let i = 0; i + 1 < probe.length; i++) {
    all++
    if (grams.has(probe.slice(i, i + 2))) hit++
  }
  return all ? hit / all : 0
}

/** The words a citation quotes: "……规定：“……”" or "……规定，……". */
export function quotedAfter(after: string): string {
  const q = /^[^“"。]{0,12}[“"]([^”"]{4,80})/.exec(after)
  if (q) return q[1] as string
  const s = /^(?:规定|明确|指出)?[：:，,]?([^。；]{6,60})/.exec(after)
  return s ? (s[1] as string) : ''
}
