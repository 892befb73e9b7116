/**
 * Extra fields the retriever ranks besides the units' own text, each a small BM25 index built when
 * the retriever is made (a second or less on the full corpus):
 *
 * - `TitleField`: titles of the practice documents, often the very question a practitioner asks
 *   ("如何认定违规借用款物行为");
 * - `CatalogueField`: the behaviour catalogue, one entry per article, indexed by entry so that it
 *   also says which article a question is about when that article's text is not in the knowledge base;
 * - `AnchorField`: what practice passages write right before they cite an article ("……收受礼金，
 *   违反了《条例》第九十七条"), as a field of the cited article.
 *
 * @example new CatalogueField(catalogue, tokenizer).search(terms, 100)
 */
import type { BehaviourCatalogue } from '../data/behaviours.js'
import { bestShare } from '../index/lexical.js'
import { extractCitations } from '../ingest/citations.js'
import type { KnowledgeIndex } from '../index/knowledge.js'
import { Bm25, ForwardIndex, type Scored, Vocabulary, topK } from '../index/lexical.js'
import { articleIdOf } from '../query/lookup.js'
import { BIGRAM_PREFIX, type Tokenizer } from '../index/tokenize.js'
import type { SourceMeta, Unit } from '../types.js'

/** Query terms (string → weight) as term ids of one vocabulary; terms it lacks are dropped. */
export function idsOf(terms: Map<string, number>, vocab: Vocabulary): Map<number, number> {
  const out = new Map<number, number>()
  for (const [term, w] of terms) {
    const id = vocab.id(term)
    if (id !== undefined) out.set(id, w)
  }
  return out
}

export class TitleField {
  /** Keys of the documents, in index order. */
  readonly keys: string[]
  private readonly vocab = new Vocabulary()
  private readonly bm25: Bm25

  constructor(index: KnowledgeIndex, tokenizer: Tokenizer) {
    this.keys = [...index.sources.values()].filter((s) => s.kind === 'document' && !s.duplicateOf).map((s) => s.key)
    const fwd = ForwardIndex.fromTerms(this.keys.map((k) => tokenizer.terms((index.sources.get(k) as SourceMeta).title)), this.vocab)
    this.bm25 = new Bm25(fwd, this.vocab.size, undefined, { b: 0.3 })
  }

  /** Document keys best first. */
  search(terms: Map<string, number>, k: number): string[] {
    return this.bm25.search(idsOf(terms, this.vocab), k).map((x) => this.keys[x.doc] as string)
  }
}

export class CatalogueField {
  /** Entries in index order (the BM25 documents). */
  readonly entries: Array<{ id: string; subject: string }>
  private readonly vocab = new Vocabulary()
  private readonly fwd: ForwardIndex
  private readonly bm25: Bm25

  constructor(catalogue: BehaviourCatalogue | undefined, tokenizer: Tokenizer) {
    this.entries = catalogue?.all() ?? []
    this.fwd = ForwardIndex.fromTerms(this.entries.map((e) => tokenizer.terms(catalogue?.fieldText(e.id) ?? '')), this.vocab)
    this.bm25 = new Bm25(this.fwd, this.vocab.size)
  }

  /** The term occurs in some entry. */
  knows(term: string): boolean {
    const c = this.vocab.id(term)
    return c !== undefined && this.bm25.df(c) > 0
  }

  /** Entries best first, as entry indexes with scores. */
  search(terms: Map<string, number>, k: number): Scored[] {
    const q = idsOf(terms, this.vocab)
    return q.size ? topK([...this.bm25.scores(q)], k) : []
  }

  /** Weight of the question's words the catalogue does not know (they count against its coverage). */
  absentWeight(terms: Map<string, number>): number {
    let w = 0
    for (const [term, v] of terms) if (!term.startsWith(BIGRAM_PREFIX) && this.vocab.id(term) === undefined) w += v
    return w
  }

  /**
   * Share of the question's weighted, idf-scaled terms present in the best of the given entries.
   * Words the catalogue does not know count against it at the idf of a word seen once.
   */
  coverage(terms: Map<string, number>, entries: number[], absentWeight: number): number {
    const q = idsOf(terms, this.vocab)
    let total = absentWeight * Math.log(1 + this.bm25.docCount)
    const weight = new Map<number, number>()
    for (const [t, w] of q) {
      const v = w * this.bm25.idf(t)
      weight.set(t, v)
      total += v
    }
    return bestShare(this.fwd, weight, total, entries)
  }
}

/** At most this many citing contexts per article … */
const ANCHORS_PER_ARTICLE = 40
/** … each the sentence before the citation, within this many characters. */
const ANCHOR_CHARS = 120

export class AnchorField {
  private readonly vocab = new Vocabulary()
  private readonly bm25: Bm25

  constructor(index: KnowledgeIndex, tokenizer: Tokenizer) {
    const anchors = new Map<number, string[]>()
    for (const i of index.passageIdx) {
      const u = index.units[i] as Unit
      if (!u.cites?.length) continue
      for (const raw of extractCitations(u.text)) {
        for (const c of u.cites) {
          if (!c.endsWith(`#${raw.article}`) && !c.includes(`#${raw.article}.`)) continue
          const a = index.byId.get(articleIdOf(c))
          if (a === undefined) continue
          const before = u.text.slice(Math.max(0, raw.pos - ANCHOR_CHARS), raw.pos)
          const ctx = before.slice(Math.max(0, before.search(/[^。！？；]*$/) - 60))
          const list = anchors.get(a) ?? []
          if (list.length < ANCHORS_PER_ARTICLE) list.push(ctx)
          anchors.set(a, list)
        }
      }
    }
    const fwd = ForwardIndex.fromTerms(index.units.map((_, i) => (anchors.has(i) ? tokenizer.terms((anchors.get(i) as string[]).join('。')) : [])), this.vocab)
    this.bm25 = new Bm25(fwd, this.vocab.size, [...anchors.keys()])
  }

  /** Articles (unit indexes) best first. */
  search(terms: Map<string, number>, k: number): Scored[] {
    const q = idsOf(terms, this.vocab)
    return q.size ? this.bm25.search(q, k) : []
  }
}
