/**
 * The rankings the retriever fuses, one function each. Every function returns units (indexes into
 * the knowledge index) best first; none of them knows about the others or about weights.
 *
 * Articles: BM25 over the question, over its asking sentence, restricted to the regulations it
 * names, the dense store, the behaviour catalogue, anchor text, and the articles cited by the
 * documents and passages that match the question. Passages: BM25, asking sentence, dense.
 *
 * @example const a = bm25Articles(index, split.ids)
 */
import type { CatalogueField, TitleField } from './fields.js'
import { type Fused, rrf } from './fuse.js'
import type { KnowledgeIndex } from '../index/knowledge.js'
import type { Scored } from '../index/lexical.js'
import { articleIdOf } from '../query/lookup.js'
import type { Tuning } from './tuning.js'
import type { Unit } from '../types.js'

export type Accept = ((doc: number) => boolean) | undefined

export const bm25Articles = (index: KnowledgeIndex, q: Map<number, number>, k = 100): Scored[] => (q.size ? index.bm25Articles.search(q, k) : [])

export const bm25Passages = (index: KnowledgeIndex, q: Map<number, number>, accept: Accept, k = 100): Scored[] => (q.size ? index.bm25Passages.search(q, k, accept) : [])

/** Articles of the regulations the question names ("《条例》里……"). */
export const namedArticles = (index: KnowledgeIndex, q: Map<number, number>, named: Set<string>): Scored[] =>
  named.size ? index.bm25Articles.search(q, 30, (doc) => named.has((index.units[doc] as Unit).source)) : []

export const denseArticles = (index: KnowledgeIndex, v: ArrayLike<number>): number[] => index.vecArticles.search(v, 40).map((s) => s.label)

export const densePassages = (index: KnowledgeIndex, v: ArrayLike<number>, accept: Accept): number[] => index.vecPassages.search(v, 40, accept).map((s) => s.label)

/** Catalogue entries best first, and the articles among them whose text is in the knowledge base. */
export function catalogueArticles(index: KnowledgeIndex, field: CatalogueField, terms: Map<string, number>): { entries: Scored[]; articles: number[] } {
  const entries = field.search(terms, 100)
  const articles = entries.flatMap((x) => {
    const u = index.byId.get((field.entries[x.doc] as { id: string }).id)
    return u === undefined ? [] : [u]
  })
  return { entries, articles }
}

/** Passages: BM25 over the question and the asking sentence, and the dense store. */
export function passageRanking(bm25: Scored[], focus: Scored[], dense: number[], t: Pick<Tuning, 'dense'>): Array<Fused<number>> {
  return rrf([
    { name: 'bm25', items: bm25.map((s) => s.doc) },
    { name: 'focus', items: focus.map((s) => s.doc) },
    { name: 'dense', items: dense, weight: t.dense },
  ])
}

/**
 * The documents whose citations count: ranked by their best passages and by their titles (a title
 * is often the question itself), at most `citedPassages` of them, as source key → rank.
 */
export function documentRanking(index: KnowledgeIndex, passages: Array<Fused<number>>, titles: TitleField, titleTerms: Map<string, number>, accept: Accept, t: Pick<Tuning, 'citedPassages'>): Map<string, number> {
  const byPassage: string[] = []
  for (const p of passages) {
    const src = (index.units[p.id] as Unit).source
    if (!byPassage.includes(src)) byPassage.push(src)
    if (byPassage.length >= 100) break
  }
  const excluded = accept ? new Set(titles.keys.filter((k) => { const i = index.byId.get(`${k}@1`); return i !== undefined && !accept(i) })) : undefined
  const byTitle = titles.search(titleTerms, 50).filter((k) => !excluded?.has(k))
  const docRank = new Map<string, number>()
  rrf([
    { name: 'passages', items: byPassage },
    { name: 'titles', items: byTitle },
  ]).slice(0, t.citedPassages).forEach((x, i) => docRank.set(x.id, i))
  return docRank
}

/**
 * Citation strength of each article: a case analysis matches on its facts and cites the provisions
 * in its conclusion, so a document's citations count for the whole document (shared by how often
 * each is cited, by document rank); and the best passages lend their own citations, which are
 * usually the provision that settles the passage's point.
 */
export function citationScores(index: KnowledgeIndex, docRank: Map<string, number>, passages: Array<Fused<number>>, t: Pick<Tuning, 'passageCites' | 'passageCitesPool'>): Map<number, number> {
  const score = new Map<number, number>()
  for (const [src, r] of docRank) {
    const m = index.docCites.get(src)
    if (!m) continue
    const total = [...m.values()].reduce((a, b) => a + b, 0)
    for (const [a, n] of m) score.set(a, (score.get(a) ?? 0) + n / total / (r + 5))
  }
  if (t.passageCites > 0) {
    let r = 0
    for (const p of passages.slice(0, t.passageCitesPool)) {
      const cites = (index.units[p.id] as Unit).cites
      if (cites?.length) {
        for (const c of cites) {
          const a = index.byId.get(articleIdOf(c))
          if (a !== undefined) score.set(a, (score.get(a) ?? 0) + t.passageCites / cites.length / (r + 5))
        }
      }
      r++
    }
  }
  return score
}

/**
 * The cited articles as two rankings. `cited`: all of them by strength, except that for a short
 * question only those the text itself retrieved (BM25's best 100, or their counterparts in other
 * versions) re-rank. (A smaller pool of 50 cost dev-retrieval one question; 100 and 1,000 measured alike.)
 * `outside`: a short question shares few words with the article that settles it ("拿了老板20万没还"
 * vs 借用管理服务对象钱款), so the most strongly cited articles count on their own too, unless the
 * question names the regulation to look in.
 */
export function citedRankings(index: KnowledgeIndex, score: Map<number, number>, textRanked: Scored[], o: { short: boolean; named: boolean }, t: Pick<Tuning, 'shortOutsideN' | 'shortOutsideMin'>): { cited: number[]; outside: number[] } {
  const all = [...score.entries()].sort((a, b) => b[1] - a[1]).map(([a]) => a)
  const direct = new Set<number>()
  for (const x of textRanked) {
    direct.add(x.doc)
    for (const c of index.counterparts.get(x.doc) ?? []) direct.add(c)
  }
  const cited = o.short ? all.filter((a) => direct.has(a)) : all
  const top = score.get(all[0] as number) ?? 0
  const outside = o.short && !o.named ? all.slice(0, t.shortOutsideN).filter((a) => (score.get(a) ?? 0) >= t.shortOutsideMin * top) : []
  return { cited, outside }
}
