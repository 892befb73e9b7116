/**
 * Hybrid retrieval for Chinese regulations and practice documents: the orchestration. The parts
 * live in their own modules:
 *
 * - query.ts: what the question is (clean text, reference, named regulations, asking sentence,
 *   case date, intents, weighted terms), a pure function;
 * - rankings.ts: one function per ranking (BM25, asking sentence, named regulations, dense,
 *   documents' citations, catalogue and anchor fields in fields.ts);
 * - tuning.ts: the knobs and the one function that weighs the rankings for a question;
 * - versions.ts: which version applies and how aligned articles are ordered;
 * - coverage.ts: how well the evidence covers the question (for basis.ts).
 *
 * Exact references ("监察法第48条") rank first. Rankings are fused by rank (RRF) and by provision (an
 * article and its counterparts in other versions take one place); intents raise articles of the
 * matching kind; the version in force (or in force on the case date) comes first.
 *
 * @example const hits = await retriever.retrieve('线索转过来多久要拿出处置意见')
 */
import type { BehaviourCatalogue } from '../data/behaviours.js'
import type { Catalog } from '../data/catalog.js'
import { confidenceOf, splitTerms, textCoverage } from './coverage.js'
import type { NamedEmbeddings } from '../index/embedding.js'
import type { Synonyms } from '../query/expand.js'
import { AnchorField, CatalogueField, TitleField } from './fields.js'
import { byGroup, groupsOf, rrf } from './fuse.js'
import { type ArticleTraits, intentBoost, traitsOf } from '../query/intent.js'
import type { KnowledgeIndex } from '../index/knowledge.js'
import { type QueryContext, analyzeQuery, cleanQuestion } from '../query/query.js'
import { bm25Articles, bm25Passages, catalogueArticles, citationScores, citedRankings, denseArticles, densePassages, documentRanking, namedArticles, passageRanking } from './rankings.js'
import type { Tokenizer } from '../index/tokenize.js'
import { DEFAULT_TUNING, SHORT_QUESTION, type Tuning, weightsOf } from './tuning.js'
import { CARD_CATEGORY, type Hit, type HitFilter, type LookupResult, type ProvisionInfo, type RetrieveOptions, type Retrieval, type Retriever, type Unit } from '../types.js'
import { VersionPolicy, spreadVersions } from './versions.js'
import type { Frame } from '../query/frame.js'
import { Parallels, type System, carryOver } from './parallels.js'
import { articleLabel } from '../text/numerals.js'
import { articleIdOf } from '../query/lookup.js'

export { MAX_QUESTION_CHARS, cleanQuestion, focusOf } from '../query/query.js'
export { DEFAULT_TUNING, type Tuning } from './tuning.js'
export type { LookupResult, Retrieval } from '../types.js'

export interface RetrieverDeps {
  index: KnowledgeIndex
  tokenizer: Tokenizer
  embeddings: NamedEmbeddings
  catalog: Catalog
  synonyms: Synonyms
  /** Everyday descriptions of the articles, indexed as a field of each article. */
  behaviours?: BehaviourCatalogue
  /** Which article of another sanction system covers the same behaviour (条例 → 政务处分法, 国企). */
  parallels?: Parallels
  /** Today as YYYY-MM-DD (the injected clock); case dates after it are plans, not events. */
  today?: () => string
}

export class HybridRetriever implements Retriever {
  readonly tuning: Tuning
  readonly versions: VersionPolicy
  private readonly titles: TitleField
  private readonly catalogue: CatalogueField
  private readonly anchors: AnchorField
  private readonly provisions: Map<number, number>
  private readonly traitCache = new Map<number, ArticleTraits>()
  private readonly parallelIdx = new Map<number, Record<System, number[]>>()
  private names?: string[]
  private topics?: ReadonlyArray<readonly [string, string]>

  constructor(
    private readonly d: RetrieverDeps,
    tuning: Partial<Tuning> = {},
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning }
    this.versions = new VersionPolicy(d.index, d.catalog)
    this.titles = new TitleField(d.index, d.tokenizer)
    this.catalogue = new CatalogueField(d.behaviours, d.tokenizer)
    this.anchors = new AnchorField(d.index, d.tokenizer)
    this.provisions = groupsOf(d.index.counterparts)
    // Parallels by unit index: a 条例 article of any version (through its counterparts) → the
    // indexed articles of the other systems.
    const parallels = d.parallels ?? Parallels.empty()
    for (const id of parallels.sources()) {
      const i = d.index.byId.get(id)
      if (i === undefined) continue
      const targets = { zhengwu: this.indexed(parallels.of(id, 'zhengwu')), guoqi: this.indexed(parallels.of(id, 'guoqi')) }
      for (const v of [i, ...(d.index.counterparts.get(i) ?? [])]) this.parallelIdx.set(v, targets)
    }
  }

  private indexed(ids: string[]): number[] {
    return ids.flatMap((x) => {
      const i = this.d.index.byId.get(x)
      return i === undefined ? [] : [i]
    })
  }

  /**
   * Articles of the other sanction systems that cover the behaviour of article `id` (ids, indexed or
   * not); [] when the table lists the article with none (a party-internal behaviour), undefined
   * when the table does not list it.
   */
  parallelsOf(id: string): Record<System, string[]> | undefined {
    const p = this.d.parallels
    const own = p ? [id, ...this.counterpartIds(id)].find((x) => p.has(x)) : undefined
    return own && p ? { zhengwu: p.of(own, 'zhengwu'), guoqi: p.of(own, 'guoqi') } : undefined
  }

  /**
   * A question about a non-party public servant leads with the 政务处分法 article, one about a
   * state-owned enterprise manager said not to be a party member with the 国企 (and 政务处分法) article, where the behaviour's
   * 条例 article was found (rag/rank/parallels.ts). Measured without effect and dropped: carrying over
   * (at half weight) when the question does not say who the person is.
   */
  private carry(list: Array<{ idx: number; score: number; via: string[] }>, frame: Frame | undefined) {
    const systems: System[] = frame === 'gov' ? ['zhengwu'] : frame === 'soe' ? ['guoqi', 'zhengwu'] : []
    if (!systems.length || !this.parallelIdx.size) return list
    return carryOver(list, (i) => systems.flatMap((s) => this.parallelIdx.get(i)?.[s] ?? []), this.tuning.parallelLead)
  }

  /** The same retriever with some knobs changed (for `npm run knobs`); fields are rebuilt (about a second). */
  retuned(t: Partial<Tuning>): HybridRetriever {
    return new HybridRetriever(this.d, { ...this.tuning, ...t })
  }

  describe(id: string): ProvisionInfo | undefined {
    return this.versions.describe(id, articleLabel)
  }

  counterpartIds(id: string): string[] {
    const i = this.d.index.byId.get(articleIdOf(id))
    return i === undefined ? [] : (this.d.index.counterparts.get(i) ?? []).map((c) => (this.d.index.units[c] as Unit).id as string)
  }

  familyCounterparts(id: string): string[] {
    return this.versions.familyCounterparts(id)
  }

  hitFor(i: number): Hit {
    const unit = this.d.index.units[i] as Unit
    return { id: unit.id, unit, source: this.d.index.source(unit), score: 0, via: ['card'] }
  }

  unitsOf(key: string): Unit[] {
    return this.d.index.units.filter((u) => u.source === key)
  }

  articleCount(key: string): number {
    let n = 0
    for (const i of this.d.index.articleIdx) if ((this.d.index.units[i] as Unit).source === key) n++
    return n
  }

  lookup(q: string): LookupResult | undefined {
    const a = analyzeQuery(q, this.context())
    return a.ref ? this.versions.resolve(a.ref, a.text, a.bare) : undefined
  }

  private context(): QueryContext {
    this.names ??= this.versions.names()
    return {
      tokenizer: this.d.tokenizer,
      synonyms: this.d.synonyms,
      names: this.names,
      sourcesNamed: (n) => this.versions.sourcesNamed(n),
      topics: (this.topics ??= this.d.catalog.topics().map(([w, f]) => [w, f.title] as const)),
      today: this.d.today?.() ?? new Date().toISOString().slice(0, 10),
      weights: this.tuning,
    }
  }

  async retrieve(q: string, o: RetrieveOptions = {}): Promise<Hit[]> {
    return (await this.search(q, o)).hits
  }

  private accept(filter?: HitFilter): ((doc: number) => boolean) | undefined {
    const ex = filter?.excludeSources?.length ? new Set(filter.excludeSources) : undefined
    if (!ex) return undefined
    const idx = this.d.index
    const bad = new Set<string>()
    for (const s of idx.sources.values()) {
      if (!(ex.has(s.key) || (s.sourcePath && ex.has(s.sourcePath)) || ex.has(s.file))) continue
      bad.add(s.key)
      // A near-duplicate of an excluded document carries the same text: exclude it too.
      if (s.duplicateOf) bad.add(s.duplicateOf)
      for (const t of idx.sources.values()) if (t.duplicateOf === s.key) bad.add(t.key)
    }
    return (doc) => !bad.has((idx.units[doc] as Unit).source)
  }

  async search(raw: string, o: RetrieveOptions = {}): Promise<Retrieval> {
    const k = o.k ?? 10
    const idx = this.d.index
    const t = this.tuning
    if (!cleanQuestion(raw)) return { hits: [], confidence: 0, unknownShare: 1 }
    const query = analyzeQuery(raw, this.context(), o.focus)
    const q = query.text
    const accept = this.accept(o.filter)
    const lookup = query.ref ? this.versions.resolve(query.ref, q, query.bare) : undefined
    const split = splitTerms(query.terms, idx, this.catalogue)
    const focusIds = idsOfIndex(idx, query.focusTerms)

    // Rankings, each on its own (rankings.ts, fields.ts).
    const bm25A = bm25Articles(idx, split.ids)
    const focusA = bm25Articles(idx, focusIds, 50)
    const namedA = namedArticles(idx, split.ids, query.named)
    const topicA = namedArticles(idx, split.ids, query.topical)
    const qvec = await this.embed(q)
    const denseA = denseArticles(idx, qvec)
    const cat = catalogueArticles(idx, this.catalogue, query.terms)
    const anchorA = t.anchors > 0 ? this.anchors.search(query.terms, 50).map((s) => s.doc) : []
    const passages = passageRanking(bm25Passages(idx, split.ids, accept), bm25Passages(idx, focusIds, accept, 50), densePassages(idx, qvec, accept), t)
    const docRank = documentRanking(idx, passages, this.titles, query.titleTerms, accept, t)
    const citeScore = citationScores(idx, docRank, passages, t)
    const short = q.length < SHORT_QUESTION
    const { cited, outside } = citedRankings(idx, citeScore, bm25A, { short, named: query.named.size > 0 }, t)

    // How well the best article's own text covers the question; words no text contains count against it.
    const directCov = textCoverage(idx, split.ids, bm25A.slice(0, 1).map((x) => x.doc), split.textUnknown)
    const w = weightsOf({ length: q.length, textCoverage: directCov }, t)
    if (o.explain) {
      const ids = (xs: number[]) => xs.slice(0, 30).map((i) => (idx.units[i] as Unit).id as string)
      o.explain('bm25', ids(bm25A.map((s) => s.doc)))
      o.explain('focus', ids(focusA.map((s) => s.doc)))
      o.explain('named', ids(namedA.map((s) => s.doc)))
      o.explain('topic', ids(topicA.map((s) => s.doc)))
      o.explain('dense', ids(denseA))
      o.explain('cited', ids(cited))
      o.explain('citedOutside', ids(outside))
      o.explain('documents', [...docRank.keys()])
      o.explain('catalogue', ids(cat.articles))
      o.explain('anchors', ids(anchorA))
      o.explain('weights', [`text coverage ${directCov.toFixed(2)}`, ...Object.entries(w).map(([n, v]) => `${n} ${v.toFixed(2)}`)])
      o.explain('query', [`frame ${query.frame ?? '-'}`, `intents ${query.intents.join(',') || '-'}`, `named ${[...query.named].join(',') || '-'}`, `focus ${query.focus ?? '-'}`, `case date ${query.caseDate?.date ?? '-'}`])
    }
    // An article and its counterparts in other versions rank as one provision: documents cite the
    // numbers of the version they were written under, the question's words may match the other text.
    const G = (xs: number[]) => byGroup(xs, (x) => this.provisions.get(x) ?? x)
    const articles = rrf([
      { name: 'bm25', items: G(bm25A.map((s) => s.doc)), weight: w.bm25 },
      { name: 'focus', items: G(focusA.map((s) => s.doc)), weight: w.focus },
      { name: 'named', items: G(namedA.map((s) => s.doc)), weight: w.named },
      { name: 'topic', items: G(topicA.map((s) => s.doc)), weight: w.topic },
      { name: 'dense', items: G(denseA), weight: w.dense },
      { name: 'cited', items: G(cited.slice(0, 50)), weight: w.cited },
      { name: 'citedOutside', items: G(outside), weight: w.citedOutside },
      { name: 'anchors', items: G(anchorA), weight: w.anchors },
      { name: 'catalogue', items: G(cat.articles), weight: w.catalogue },
    ], t.rrfK)
    const intents = t.intent > 0 ? query.intents : []
    const boosted = intents.length ? articles.map((a) => ({ ...a, score: a.score * intentBoost(intents, this.traits(a.id), t.intent) })).sort((x, y) => y.score - x.score) : articles
    const ordered = this.versions.order(boosted.map((a) => ({ idx: a.id, score: a.score, via: a.via })), query.caseDate?.date)
    const carried = this.carry(ordered, query.frame)
    // The same provision in another version follows a few other provisions later, so that the
    // first answers are different provisions; a quiz item quotes one version's words, both lead.
    const spread = query.quiz ? carried : spreadVersions(carried, (i) => idx.counterparts.get(i) ?? [], t.versionGap)
    // The new order keeps the scores' scale (passages are merged with articles by score).
    const scored = spread.map((x, i) => ({ ...x, score: (carried[i] as { score: number }).score }))

    const hits: Hit[] = []
    const seen = new Set<number>()
    const push = (i: number, score: number, via: string[]) => {
      if (seen.has(i)) return
      seen.add(i)
      const unit = idx.units[i] as Unit
      hits.push({ id: unit.id, unit, source: idx.source(unit), score, via })
    }
    if (lookup?.unit !== undefined) {
      push(lookup.unit, Number.POSITIVE_INFINITY, ['lookup'])
      for (const c of idx.counterparts.get(lookup.unit) ?? []) push(c, Number.MAX_VALUE, ['lookup', 'version'])
    }
    const kinds = o.filter?.kinds
    if (!kinds || kinds.includes('article')) for (const a of scored.slice(0, k)) push(a.idx, a.score, a.via)
    if (!kinds || kinds.includes('passage')) for (const p of passages.slice(0, k)) push(p.id, p.score, p.via)
    hits.sort((a, b) => b.score - a.score)

    // Coverage is judged on articles (the document library is broad enough to contain the words of
    // almost any question) and on the project's own procedure cards, as trustworthy as articles here.
    const answerUnits = [...hits.filter((h) => h.unit.kind === 'article').slice(0, 3), ...hits.filter((h) => h.source.category === CARD_CATEGORY).slice(0, 2)].map((h) => idx.byId.get(h.id) as number)
    const entryIds = cat.entries.map((x) => x.doc)
    const cov = confidenceOf(idx, this.catalogue, {
      split,
      terms: query.terms,
      focus: focusIds,
      answer: answerUnits,
      direct: bm25A.slice(0, 3).map((x) => x.doc),
      focusDirect: focusA.slice(0, 3).map((x) => x.doc),
      catalogue: entryIds,
      catalogueInIndex: entryIds.filter((e) => idx.byId.has((this.catalogue.entries[e] as { id: string }).id)),
    })
    const catalogue = entryIds.slice(0, 3).map((e, i) => ({ id: (this.catalogue.entries[e] as { id: string }).id, score: (cat.entries[i] as { score: number }).score, coverage: cov.catalogue }))
    return { hits, lookup, confidence: cov.confidence, unknownShare: split.wordWeight ? split.unknown / split.wordWeight : 1, caseDate: query.caseDate, catalogue, ...(query.frame ? { frame: query.frame } : {}) }
  }


  /** What an article is (violation, procedure, time limit); a provision shares its current text's catalogue kind. */
  private traits(i: number): ArticleTraits {
    let t = this.traitCache.get(i)
    if (!t) {
      // A provision's traits are those of any of its versions (rankings are fused by provision).
      const versions = [i, ...(this.d.index.counterparts.get(i) ?? [])].map((v) => this.d.index.units[v] as Unit)
      const kind = versions.map((u) => this.d.behaviours?.entry(u.id)?.kind).find(Boolean)
      const each = versions.map((u) => traitsOf(u.text, kind))
      t = { violation: each.some((x) => x.violation), procedure: each.some((x) => x.procedure), limit: each.some((x) => x.limit), enumerates: each.some((x) => x.enumerates) }
      this.traitCache.set(i, t)
    }
    return t
  }

  private async embed(q: string): Promise<number[] | Float32Array> {
    const e = this.d.embeddings
    return e.vector ? e.vector(q) : await e.embedQuery(q)
  }
}

/** Query terms as ids of the knowledge index vocabulary. */
function idsOfIndex(index: KnowledgeIndex, terms: Map<string, number>): Map<number, number> {
  const out = new Map<number, number>()
  for (const [term, w] of terms) {
    const id = index.vocab.id(term)
    if (id !== undefined) out.set(id, w)
  }
  return out
}
