/**
 * How well the knowledge base covers a question: the evidence the no-basis decision (basis.ts) and
 * the channel weights (weights.ts) rest on.
 *
 * - `splitTerms`: the question's terms the index knows (as ids), and the weight of those it does
 *   not know, in the texts and in the catalogue;
 * - `textCoverage`: share of the question's idf-weighted terms found in the best of some articles;
 * - `confidenceOf`: the coverage an answer would have, by text or by catalogue field.
 *
 * @example textCoverage(index, split.ids, [articleIndex], split.unknown)
 */
import type { CatalogueField } from './fields.js'
import type { KnowledgeIndex } from '../index/knowledge.js'
import { bestShare } from '../index/lexical.js'
import { BIGRAM_PREFIX } from '../index/tokenize.js'

export interface TermSplit {
  /** Term id → weight, for terms some article or passage contains. */
  ids: Map<number, number>
  /** Weight of the question's words (not bigrams). */
  wordWeight: number
  /** Weight of words no text contains. */
  textUnknown: number
  /** Weight of words neither the texts nor the catalogue contain ("购物卡" is known to the catalogue). */
  unknown: number
}

export function splitTerms(terms: Map<string, number>, index: KnowledgeIndex, catalogue: CatalogueField): TermSplit {
  const ids = new Map<number, number>()
  let unknown = 0
  let textUnknown = 0
  let wordWeight = 0
  for (const [term, w] of terms) {
    const word = !term.startsWith(BIGRAM_PREFIX)
    const id = index.vocab.id(term)
    if (word) wordWeight += w
    if (id === undefined || (index.bm25Articles.df(id) === 0 && index.bm25Passages.df(id) === 0)) {
      if (word) textUnknown += w
      if (word && !catalogue.knows(term)) unknown += w
      continue
    }
    ids.set(id, w)
  }
  return { ids, wordWeight, textUnknown, unknown }
}

/**
 * Share of the question's weighted, idf-scaled terms present in the best of the given units.
 * Words the knowledge base has never seen count against coverage at the highest idf (at least that
 * of a hapax in a library of ~10,000 units, so that a small knowledge base does not make unknown
 * words cheap).
 */
export function textCoverage(index: KnowledgeIndex, q: Map<number, number>, units: Iterable<number>, unknownWeight = 0): number {
  let total = unknownWeight * Math.max(9, Math.log(1 + Math.max(index.bm25Articles.docCount, index.bm25Passages.docCount)))
  const weight = new Map<number, number>()
  for (const [t, w] of q) {
    const idf = Math.max(index.bm25Articles.idf(t), index.bm25Passages.idf(t))
    weight.set(t, w * idf)
    total += w * idf
  }
  return bestShare(index.fwd, weight, total, units)
}


export interface ConfidenceInput {
  /** The question's terms, split. */
  split: TermSplit
  /** The question's raw terms (for the catalogue's vocabulary). */
  terms: Map<string, number>
  /** Asking-sentence term ids, when there is one. */
  focus: Map<number, number>
  /** Best articles of the answer, the project's cards among them. */
  answer: number[]
  /** Best articles by text alone, whole question and asking sentence. */
  direct: number[]
  focusDirect: number[]
  /** Best catalogue entries (entry indexes), and which of them have their article's text here. */
  catalogue: number[]
  catalogueInIndex: number[]
}

/**
 * 0..1: the better of the text coverage (whole question, or the asking sentence of a long case,
 * which then must be covered) and the coverage by the catalogue field of articles in the knowledge
 * base (a chat question covered by an article's everyday descriptions is as well supported as one
 * covered by its text). Also the catalogue coverage alone, reported with the catalogue entries.
 */
export function confidenceOf(index: KnowledgeIndex, catalogue: CatalogueField, c: ConfidenceInput): { confidence: number; catalogue: number } {
  let confidence = textCoverage(index, c.split.ids, [...c.answer, ...c.direct], c.split.unknown)
  if (c.focus.size) confidence = Math.max(confidence, textCoverage(index, c.focus, [...c.answer, ...c.focusDirect]))
  const absent = catalogue.absentWeight(c.terms)
  const cat = catalogue.coverage(c.terms, c.catalogue.slice(0, 3), absent)
  if (c.catalogueInIndex.length) confidence = Math.max(confidence, catalogue.coverage(c.terms, c.catalogueInIndex.slice(0, 3), absent))
  return { confidence, catalogue: cat }
}
