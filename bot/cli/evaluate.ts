/**
 * One pass of a question set through the retriever, as ../shared/eval/PROTOCOL.md measures it:
 * article-level ranking (passages skipped; questions whose relevant items are documents or cards
 * are ranked over those instead), rank of the first relevant item within the top 10, and whether
 * the reply (as the bot gives it, from a retrieval over articles, cards and passages) is "no basis",
 * hedged, and short enough. Shared by `npm run eval` and `npm run knobs`.
 */
import type { ComposingAnswerer } from '../../rag/index.js'
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
  /** One tab-separated line per question (id, rank or outcome, note, top1, relevant). */
  rows: string[]
  ranks: Array<{ q: Question; r: number }>
  noBasis: number
  /** Answered questions whose first message (as the bot renders it, plain text) fits FIRST_MESSAGE_CHARS. */
  firstShort: number
  answered: number
  /** Answers marked "possibly relevant". */
  weak: number
}

export async function evaluate(retriever: Retriever, answerer: Pick<ComposingAnswerer, 'compose'>, qs: Question[]): Promise<Evaluation> {
  const labelled = qs.some((q) => q.relevant?.length)
  const out: Evaluation = { labelled, times: [], rows: [], ranks: [], noBasis: 0, firstShort: 0, answered: 0, weak: 0 }
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
      out.rows.push(`${q.id}\t${r === Infinity ? '-' : r}\t${nb ? 'no-basis' : ''}\t${list[0] ?? ''}\t${[...rel].join(',')}`)
    } else {
      out.rows.push(`${q.id}\t${nb ? 'no-basis' : 'answer'}\t${list[0] ?? ''}`)
    }
  }
  return out
}
