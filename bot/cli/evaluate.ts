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
  /** One tab-separated line per question (id, rank or outcome, note, top1, relevant). */
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
 * The article the first message's answering line rests on: the first citation number in the first
 * lead or verdict line, else citation [1]. A card or passage counts by the article it is cited as only
 * when the citation is an article. Undefined for a no-basis reply.
 */
export function leadArticle(a: Answer): string | undefined {
  if (a.kind !== 'answer') return undefined
  const line = a.blocks.find((b) => b.kind === 'lead' || b.kind === 'verdict')
  const n = line && 'text' in line ? Number(/\[(\d+)\]/.exec(line.text)?.[1] ?? 1) : 1
  const c = a.citations.find((x) => x.n === n) ?? a.citations[0]
  return c && c.id.includes('#') ? articleOf(c.id) : undefined
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
      if (!nb) {
        out.leadAnswered++
        const lead = leadArticle(a)
        if (lead && rel.has(lead)) out.leadHit++
      }
      out.rows.push(`${q.id}\t${r === Infinity ? '-' : r}\t${nb ? 'no-basis' : ''}\t${list[0] ?? ''}\t${[...rel].join(',')}`)
    } else {
      out.rows.push(`${q.id}\t${nb ? 'no-basis' : 'answer'}\t${list[0] ?? ''}`)
    }
  }
  return out
}
