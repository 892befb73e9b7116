/**
 * The first line of an answer: the decisive sentence of the best article, shortened so that the
 * asked fact (the days, the approver, the sanction, the step) stays in it; and the line that says
 * what the texts do not state. Pure.
 *
 * @example shorten('对……，应当在收到问题线索之日起一个月内提出处置意见。', /一个月/) // keeps the clause with 一个月
 */
import { type AskedPart, focusLabel } from '../query/asked.js'
import type { Sentence } from './evidence.js'

/** Longest first line, in characters. */
export const LEAD_CHARS = 120

/**
 * A sentence cut to at most `max` characters: parenthetical notes out, then whole clauses kept
 * around the one with the fact (and the subject clause at the start), never a cut word.
 */
export function shorten(s: Sentence, fact: RegExp | undefined, max = LEAD_CHARS): string {
  const clean = (t: string) => t.replace(/（[^（）]{0,40}）/g, (m) => (/[0-9一二三四五六七八九十]+(日|天|月|年)/.test(m) ? m : '')).replace(/\s+/g, '').trim()
  let text = clean(s.text)
  // A short list reads whole with its lead ("政务处分的期间为：警告六个月；记过十二个月；……");
  // a long one, the item with its lead when both fit.
  const whole = s.lead && s.items && s.items.length > 1 ? `${clean(s.lead).replace(/[：:]$/, '')}：${s.items.map((i) => clean(i).replace(/^[（(][一二三四五六七八九十]+[）)]|^\d+[.、]/, '').replace(/[；;。，]$/, '')).join('；')}` : ''
  if (whole && whole.length <= max) return end(whole)
  if (s.lead) {
    const lead = clean(s.lead).replace(/[：:]$/, '')
    const item = text.replace(/^[（(][一二三四五六七八九十]+[）)]/, '')
    text = lead.length + item.length + 1 <= max ? `${lead}：${item}` : item
  }
  if (text.length <= max) return end(text)
  const clauses = text.split(/(?<=[，；：])/)
  const at = Math.max(0, fact ? clauses.findIndex((c) => fact.test(c)) : 0)
  const keep = new Set<number>([at])
  let len = (clauses[at] as string).length
  // The subject usually opens the sentence; then the clauses after the fact, then before it.
  const order = [0, ...clauses.map((_, i) => i).filter((i) => i > at), ...clauses.map((_, i) => i).filter((i) => i < at).reverse()]
  for (const i of order) {
    if (keep.has(i)) continue
    const c = clauses[i] as string
    if (len + c.length > max) continue
    keep.add(i)
    len += c.length
  }
  let out = ''
  let prev = -1
  for (const i of [...keep].sort((a, b) => a - b)) {
    out += (prev >= 0 && i !== prev + 1 ? '……' : '') + clauses[i]
    prev = i
  }
  if (out.length > max + 10) out = out.slice(0, max) + '……'
  return end(out)
}

/** Ends a line with a full stop (not a comma or a colon). */
function end(t: string): string {
  const s = t.replace(/[，；：、]$/, '')
  return /[。！？…]$/.test(s) ? s : `${s}。`
}

/** What the texts were searched for and do not say, as one line of the no-basis reply. */
export function missingLine(p: AskedPart): string {
  const what = focusLabel(p)
  const q = (s: string) => (s ? `“${s}”` : '')
  switch (p.kind) {
    case 'amount':
    case 'format':
      return `法规中没有规定${q(what)}。`
    case 'rank':
      return `法规中没有规定${q(what)}。`
    case 'count':
      return `法规中没有规定${q(what)}。`
    case 'date':
      return `法规中没有规定${q(what)}。`
    case 'person-place':
      return `法规中没有规定${q(what)}。`
    case 'time-limit':
      return `法规中没有找到${q(what)}的期限规定。`
    case 'approver':
      return `法规中没有找到${q(what)}由谁批准的规定。`
    default:
      return `法规中没有找到${q(what)}的规定。`
  }
}

/** The line of a multi-part answer for a part the cited texts do not settle. */
export function unansweredLine(p: AskedPart): string {
  return `${missingLine(p).replace(/。$/, '')}，请另行核实。`
}
