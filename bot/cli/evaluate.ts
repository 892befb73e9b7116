/**
 * One pass of a question set through the retriever, as ../shared/eval/PROTOCOL.md measures it:
 * article-level ranking (passages skipped; questions whose relevant items are documents or cards
 * are ranked over those instead), rank of the first relevant item within the top 10, and whether
 * the reply (as the bot gives it, from a retrieval over articles, cards and passages) is "no basis",
 * hedged, and short enough. Shared by `npm run eval` and `npm run knobs`.
 */
import type { Answer, ComposingAnswerer } from '../../rag/index.js'
import { articleIdOf as articleOf } from '../../rag/index.js'
import type { Retriever } from '../../rag/index.js'
import type { Question } from './questions.js'
import { renderAnswer } from '../chat/render.js'

/** The first message a phone shows should stay under this many characters (issue 20). */
export const FIRST_MESSAGE_CHARS = 300

export interface Evaluation {
  labelled: boolean
  /** Retrieval time per question, ms. */
  times: number[]
  /** One tab-separated line per question (id, rank or outcome, note, top1, the article the first line rests on, relevant). */
  rows: string[]
  ranks: Array<{ q: Question; r: number }>
  noBasis: number
  /** Answered questions whose first message (as the bot renders it, plain text) fits FIRST_MESSAGE_CHARS. */
  firstShort: number
  answered: number
  /** Answers marked "possibly relevant". */
  weak: number
  /** Labelled questions answered (not "no basis") whose first line rests on a relevant article (`leadArticle`). */
  leadHit: number
  /** Labelled questions answered. */
  leadAnswered: number
}

/**
 * The article the first message's answer rests on: the first article cited by its lines, the
 * answering (lead or verdict) line first, then the lines after it (a procedure card's steps and
 * time limits cite the articles the card rests on) and the citation list under it; a "另见" item
 * never counts. Undefined for a no-basis reply or a first message that cites no article.
 */
export function leadArticle(a: Answer): string | undefined {
  if (a.kind !== 'answer') return undefined
  const isArticle = (n: number) => a.citations.find((c) => c.n === n && c.id.includes('#'))
  const first = a.blocks.findIndex((b) => b.kind === 'lead' || b.kind === 'verdict')
  const order = first >= 0 ? [...a.blocks.slice(first), ...a.blocks.slice(0, first)] : a.blocks
  for (const b of order) {
    // A line's markers; the citation list under the answer counts, the "另见" list does not.
    const lines = 'text' in b ? [b.text] : b.kind === 'citations' ? b.lines : []
    const ns = b.kind === 'quote' || b.kind === 'passage' ? [b.n] : lines.flatMap((l) => [...l.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))
    for (const n of ns) {
      const c = isArticle(n)
      if (c) return articleOf(c.id)
    }
  }
  return undefined
}

export async function evaluate(retriever: Retriever, answerer: Pick<ComposingAnswerer, 'compose'>, qs: Question[]): Promise<Evaluation> {
  const labelled = qs.some((q) => q.relevant?.length)
  const out: Evaluation = { labelled, times: [], rows: [], ranks: [], noBasis: 0, firstShort: 0, answered: 0, weak: 0, leadHit: 0, leadAnswered: 0 }
  for (const q of qs) {
    const sourceLevel = (q.relevant ?? []).some((r) => !r.includes('#'))
    const filter = { kinds: [sourceLevel ? ('passage' as const) : ('article' as const)], excludeSources: q.exclude_documents_from ? [q.exclude_documents_from] : [] }
    const t0 = performance.now()
    const res = await retriever.search(q.question, { k: 10, filter })
    out.times.push(performance.now() - t0)
    const keys = res.hits.filter((h) => h.unit.kind === (sourceLevel ? 'passage' : 'article')).map((h) => (h.unit.kind === 'article' ? articleOf(h.id) : h.unit.source))
    const list = [...new Set(keys)].slice(0, 10)
    // The reply is judged as the bot gives it: from a retrieval over articles, cards and passages.
    const full = await retriever.search(q.question, { k: 10, filter: { excludeSources: filter.excludeSources } })
    const a = answerer.compose(q.question, full)
    const nb = a.kind === 'no-basis'
    if (nb) out.noBasis++
    else {
      out.answered++
      if (a.weak) out.weak++
      if (renderAnswer(a).text.length <= FIRST_MESSAGE_CHARS) out.firstShort++
    }
    if (labelled) {
      const rel = new Set((q.relevant ?? []).map(articleOf))
      const r = list.findIndex((id) => rel.has(id)) + 1 || Infinity
      out.ranks.push({ q, r })
      const lead = leadArticle(a)
      if (!nb) {
        out.leadAnswered++
        if (lead && rel.has(lead)) out.leadHit++
      }
      out.rows.push(`${q.id}\t${r === Infinity ? '-' : r}\t${nb ? 'no-basis' : ''}\t${list[0] ?? ''}\t${lead ?? ''}\t${[...rel].join(',')}`)
    } else {
      out.rows.push(`${q.id}\t${nb ? 'no-basis' : 'answer'}\t${list[0] ?? ''}`)
    }
  }
  return out
}
