/**
 * Hybrid retrieval for Chinese regulations and practice documents.
 *
 * 1. Exact references ("监察法第48条") go straight to lookup and rank first.
 * 2. The question is tokenized (jieba words + bigrams), colloquial words are expanded to the rules'
 *    wording, and in a long case description the final question sentence weighs more.
 * 3. Articles are ranked three ways and fused by rank (RRF): BM25, the dense vector store, and the
 *    citations made by the practice documents that match the question (a document that discusses
 *    the same problem and cites 《条例》第九十条 is evidence for that article).
 * 4. Versions: an article and its counterpart in another version share a score; the version in
 *    force comes first, superseded and repealed texts follow and are marked.
 *
 * @example const hits = await retriever.retrieve('线索转过来多久要拿出处置意见')
 */
import type { BehaviourCatalogue } from './behaviours.js'
import type { Catalog } from './catalog.js'
import type { NamedEmbeddings } from './embedding.js'
import { HashingEmbeddings } from './embedding.js'
import { type Synonyms, expansions } from './expand.js'
import type { KnowledgeIndex } from './knowledge.js'
import { type Reference, articleIdOf, isBareReference, parseReference } from './lookup.js'
import { type CaseDate, caseDateOf } from './case-date.js'
import { type ArticleTraits, intentBoost, intentsOf, traitsOf } from './intent.js'
import { byGroup, groupsOf, rrf } from './fuse.js'
import { Bm25, ForwardIndex, Vocabulary, topK } from './lexical.js'
import { BIGRAM_PREFIX, type Tokenizer } from './tokenize.js'
import { CARD_CATEGORY, type Hit, type HitFilter, type RetrieveOptions, type Retriever, type SourceMeta, type Status, type Unit } from './types.js'
import { bigramContainment, extractCitations } from './ingest/citations.js'
import { articleLabel } from './ingest/numerals.js'

export interface RetrieverDeps {
  index: KnowledgeIndex
  tokenizer: Tokenizer
  embeddings: NamedEmbeddings
  catalog: Catalog
  synonyms: Synonyms
  /** Everyday descriptions of the articles, indexed as a field of each article. */
  behaviours?: BehaviourCatalogue
  /** Today as YYYY-MM-DD (the injected clock); case dates after it are plans, not events. */
  today?: () => string
}

export interface LookupResult {
  ref: Reference
  /** The regulation the reference resolved to (undefined when the name is unknown here). */
  source?: SourceMeta
  /** Unit index of the article, when it exists. */
  unit?: number
  bare: boolean
}

export interface Retrieval {
  hits: Hit[]
  lookup?: LookupResult
  /** 0..1: share of the question's weighted terms found in the best hits. */
  confidence: number
  /** Terms of the question that the index does not know at all (for the no-basis decision). */
  unknownShare: number
  /** Words of the question from the domain dictionary or the colloquial-synonym table. */
  domainWords: number
  /**
   * The latest event date the question tells of ("2019年3月，某某……"): the version in force then
   * is placed first in each version pair, the current text right after it.
   */
  caseDate?: CaseDate
  /** Best catalogue entries for the question (their articles may or may not be in the knowledge base). */
  catalogue?: Array<{ id: string; score: number; coverage: number }>
}

/** Longest question text considered; the rest of a huge message is ignored. */
export const MAX_QUESTION_CHARS = 2000

const QUESTION_MARK = /[？?]|如何|怎样|怎么|是否|能否|可否|哪些|什么|多久|几天|谁/

/** Strips @mentions and control characters; keeps at most MAX_QUESTION_CHARS. */
export function cleanQuestion(q: string): string {
  return q
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2028\u2029\ufeff]/g, '')
    .replace(/@\S+[\s\u2005]?/g, ' ')
    .slice(0, MAX_QUESTION_CHARS)
    .trim()
}

/** The sentence that asks, in a long case description (usually the last line). */
export function focusOf(q: string): string | undefined {
  if (q.length < 120) return undefined
  const lines = q.split(/\n+/).map((l) => l.trim()).filter(Boolean)
  const last = lines[lines.length - 1]
  if (last && last.length <= 80) return last
  const sentences = q.split(/(?<=[。！？?])/).map((s) => s.trim()).filter(Boolean)
  const asking = [...sentences].reverse().find((s) => QUESTION_MARK.test(s) && s.length <= 120)
  return asking
}

/** Weights of the rankings and query parts; the defaults were tuned on the dev set (see rag/DESIGN.md). */
export interface Tuning {
  word: number
  bigram: number
  expansion: number
  focus: number
  dense: number
  cited: number
  citedPassages: number
  bm25: number
  /** Weight of the ranking by the asking sentence alone (long questions). */
  focusRank: number
  /** Multiplier of the cited weight when the best article already covers the question well. */
  citedHighCov: number
  /** Direct coverage below which citations count fully, and above which they count least. */
  citedLo: number
  citedHi: number
  /** Share of the cited weight kept for questions under 50 characters (when shortPool is 0). */
  citedShort: number
  /** For short questions, citations only re-rank the top shortPool BM25 articles (0: off). */
  shortPool: number
  /** Share of the cited weight for that re-ranking. */
  shortCited: number
  /** Weight of document titles when choosing the documents whose citations count. */
  titleRank: number
  /** Weight of the ranking restricted to regulations the question names. */
  named: number
  /** RRF constant for the article fusion. */
  rrfK: number
  /** Weight of the citations made by the best-matching passages themselves (0: off). */
  passageCites: number
  /** How many of the best passages lend their own citations. */
  passageCitesPool: number
  /** Short questions: weight of the most strongly cited articles even when the text did not retrieve them. */
  shortOutside: number
  /** How many of the most cited articles may enter that way … */
  shortOutsideN: number
  /** … and how strongly cited, relative to the most cited one. */
  shortOutsideMin: number
  /** 1: fuse by provision (an article and its counterparts in other versions rank as one); 0: by text. */
  fuseProvisions: number
  /** RRF weight of the catalogue field as a ranking of its own. */
  catRank: number
  /** 1: the catalogue ranking weighs less as the article text itself covers the question (quotes). */
  catByCov: number
  /** Multiplier of the catalogue weight for long case descriptions (≥ 100 characters). */
  catLong: number
  /** Length at which the catalogue weight has fallen to catLong (from full weight at 80 characters). */
  catLenEnd: number
  /** Raise of an article's fused score per intent it matches (see rag/intent.ts). */
  intent: number
  /** RRF weight of the anchor-text ranking (what documents say where they cite an article). */
  anchors: number
}

export const DEFAULT_TUNING: Tuning = { word: 1, bigram: 0.35, expansion: 0.5, focus: 1.5, dense: 0.2, cited: 2.5, citedPassages: 20, bm25: 1, focusRank: 1, citedHighCov: 0.05, citedLo: 0.25, citedHi: 0.55, citedShort: 0.15, shortPool: 50, shortCited: 0.2, titleRank: 1, named: 2, rrfK: 20, passageCites: 1, passageCitesPool: 40, shortOutside: 0.4, shortOutsideN: 5, shortOutsideMin: 0.45, fuseProvisions: 1, catRank: 5, catByCov: 0.45, catLong: 0, catLenEnd: 200, intent: 0.1, anchors: 0.5 }

export class HybridRetriever implements Retriever {
  readonly tuning: Tuning
  constructor(
    private readonly d: RetrieverDeps,
    tuning: Partial<Tuning> = {},
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning }
    // Document titles are often the very question a practitioner asks ("如何认定违规借用款物行为"):
    // a small ranking of their own.
    this.docKeys = [...d.index.sources.values()].filter((s) => s.kind === 'document' && !s.duplicateOf).map((s) => s.key)
    this.titleVocab = new Vocabulary()
    const fwd = ForwardIndex.fromTerms(this.docKeys.map((k) => d.tokenizer.terms((d.index.sources.get(k) as SourceMeta).title)), this.titleVocab)
    this.titles = new Bm25(fwd, this.titleVocab.size, undefined, { b: 0.3 })
    // The behaviour catalogue as a field of each article it describes. Indexed by entry, so that it
    // also says which article a question is about when the article's text is not in the knowledge base.
    this.catVocab = new Vocabulary()
    this.catEntries = d.behaviours?.all() ?? []
    this.catTerms = new Set(d.behaviours?.all().flatMap((e) => e.terms) ?? [])
    this.catFwd = ForwardIndex.fromTerms(this.catEntries.map((e) => d.tokenizer.terms(d.behaviours?.fieldText(e.id) ?? '')), this.catVocab)
    this.catBm25 = new Bm25(this.catFwd, this.catVocab.size)
    // Anchor text: what practice documents say right before they cite an article ("……收受礼金，
    // 违反了《条例》第九十七条") becomes a field of the cited article (of its provision).
    const anchors = new Map<number, string[]>()
    for (const i of d.index.passageIdx) {
      const u = d.index.units[i] as Unit
      if (!u.cites?.length) continue
      for (const raw of extractCitations(u.text)) {
        for (const c of u.cites) {
          if (!c.endsWith(`#${raw.article}`) && !c.includes(`#${raw.article}.`)) continue
          const a = d.index.byId.get(articleIdOf(c))
          if (a === undefined) continue
          const before = u.text.slice(Math.max(0, raw.pos - 120), raw.pos)
          const ctx = before.slice(Math.max(0, before.search(/[^。！？；]*$/) - 60))
          const list = anchors.get(a) ?? []
          if (list.length < 40) list.push(ctx)
          anchors.set(a, list)
        }
      }
    }
    this.anchorVocab = new Vocabulary()
    this.anchorFwd = ForwardIndex.fromTerms(d.index.units.map((_, i) => (anchors.has(i) ? d.tokenizer.terms((anchors.get(i) as string[]).join('。')) : [])), this.anchorVocab)
    this.anchorBm25 = new Bm25(this.anchorFwd, this.anchorVocab.size, [...anchors.keys()])
  }
  private readonly anchorVocab: Vocabulary
  private readonly anchorFwd: ForwardIndex
  private readonly anchorBm25: Bm25
  private readonly catEntries: Array<{ id: string; subject: string }>
  /** The catalogue's colloquial terms: words of the domain even when no text uses them. */
  private readonly catTerms: Set<string>
  private readonly catVocab: Vocabulary
  private readonly catFwd: ForwardIndex
  private readonly catBm25: Bm25
  private readonly docKeys: string[]
  private readonly titleVocab: Vocabulary
  private readonly titles: Bm25

  /**
   * Title, article label, version and status of a provision id, from the index when the text is
   * there, else from the project's catalog (the text is then not in the knowledge base).
   */
  describe(id: string): { title: string; label: string; version?: string; status?: Status; statusNote?: string; inIndex: boolean; unit?: number } | undefined {
    const m = /^([^#]+)#(\d+)/.exec(id)
    if (!m) return undefined
    const [stem, n] = [m[1] as string, Number(m[2])]
    const unit = this.d.index.byId.get(`${stem}#${n}`)
    const src = this.d.index.sources.get(stem)
    if (unit !== undefined && src) return { title: src.title, label: articleLabel(n), version: src.version, status: src.status, statusNote: src.statusNote, inIndex: true, unit }
    const known = this.d.catalog.stem(stem)
    if (!known) return undefined
    return {
      title: `${known.family.title}（${known.version.label}）`,
      label: articleLabel(n),
      version: known.version.effective ? `${known.version.effective}起施行` : known.version.label,
      status: known.version.status,
      statusNote: known.current ? `已被${known.current.label}版本取代` : undefined,
      inIndex: false,
    }
  }

  /** Article ids of the same provision in other versions (监察法 2018 第43条 ↔ 2024 第48条). */
  counterpartIds(id: string): string[] {
    const i = this.d.index.byId.get(articleIdOf(id))
    return i === undefined ? [] : (this.d.index.counterparts.get(i) ?? []).map((c) => (this.d.index.units[c] as Unit).id as string)
  }

  /**
   * The same article number in the other versions the catalog knows of the family (texts need not
   * be indexed): a card citing 监察法 2018 第四十三条 is about the provision the catalogue names in
   * 2024 only when the numbers match, so this is a fallback for builtin-only knowledge bases.
   */
  familyCounterparts(id: string): string[] {
    const m = /^([^#]+)#(\d+)/.exec(id)
    const known = m ? this.d.catalog.stem(m[1] as string) : undefined
    if (!m || !known) return []
    return known.family.versions.flatMap((v) => (v.stem && v.stem !== m[1] ? [`${v.stem}#${m[2]}`] : []))
  }

  /** A hit for a unit index (used to quote an article a card cites). */
  hitFor(i: number): Hit {
    const unit = this.d.index.units[i] as Unit
    return { id: unit.id, unit, source: this.d.index.source(unit), score: 0, via: ['card'] }
  }

  /** Units of one source in order (the whole text of a short document or card). */
  unitsOf(key: string): Unit[] {
    return this.d.index.units.filter((u) => u.source === key)
  }

  /** Number of articles of a regulation source in the index. */
  articleCount(key: string): number {
    let n = 0
    for (const i of this.d.index.articleIdx) if ((this.d.index.units[i] as Unit).source === key) n++
    return n
  }

  async retrieve(q: string, o: RetrieveOptions = {}): Promise<Hit[]> {
    return (await this.search(q, o)).hits
  }

  private names(): string[] {
    const idx = this.d.index
    const set = new Set<string>()
    for (const [n] of this.d.catalog.aliases()) set.add(n)
    for (const s of idx.sources.values()) if (s.kind === 'regulation') set.add(s.title.replace(/[（(][^）)]*[）)]/g, ''))
    return [...set].sort((a, b) => b.length - a.length)
  }
  private cachedNames?: string[]

  /** Resolves "监察法第48条" to an article of the regulation in the knowledge base. */
  lookup(q: string): LookupResult | undefined {
    this.cachedNames ??= this.names()
    const ref = parseReference(q, this.cachedNames)
    if (!ref) return undefined
    const idx = this.d.index
    const family = this.d.catalog.resolveName(ref.name)
    const plain = ref.name.replace(/[（(][^）)]*[）)]/g, '')
    let list = [...idx.sources.values()].filter(
      (s) => s.kind === 'regulation' && !s.duplicateOf && (family ? s.family === family.id : s.title.replace(/[（(][^）)]*[）)]/g, '') === plain || s.title.includes(plain)),
    )
    if (ref.year) {
      const y = ref.year
      const withYear = list.filter((s) => s.key.includes(y) || (s.version ?? '').includes(y) || s.title.includes(y) || (s.date ?? '').startsWith(y))
      if (withYear.length) list = withYear
    }
    const rank = (s: SourceMeta) => (s.status === '现行有效' ? 0 : s.status === '已被取代' ? 1 : 2)
    list.sort((a, b) => rank(a) - rank(b) || (b.date ?? '').localeCompare(a.date ?? ''))
    const bare = isBareReference(q, ref)
    const found = list.flatMap((s) => {
      const unit = idx.byId.get(`${s.key}#${ref.article}`)
      return unit === undefined ? [] : [{ s, unit }]
    })
    if (!found.length) return { ref, source: list[0], bare }
    // People keep citing the article numbers of the text they learned ("监察法第二十二条关于留置的
    // 条件"): when the question's own words fit another version's article clearly better than the
    // current one's, that version is meant (its counterpart in force follows it in the ranking).
    let pick = found[0] as { s: SourceMeta; unit: number }
    if (!bare && !ref.year && found.length > 1) {
      const rest = q.slice(0, ref.start) + q.slice(ref.end)
      const fit = (u: number) => bigramContainment(rest, (idx.units[u] as Unit).text)
      const first = fit(pick.unit)
      for (const f of found.slice(1)) {
        const v = fit(f.unit)
        if (v >= 0.25 && v >= first + 0.15) pick = f
      }
    }
    return { ref, source: pick.s, unit: pick.unit, bare }
  }

  /**
   * Regulations the question names ("《中国共产党纪律处分条例》规定……", "监察法里……"): their
   * articles get a ranking of their own.
   */
  namedSources(q: string): Set<string> {
    this.cachedNames ??= this.names()
    const out = new Set<string>()
    const idx = this.d.index
    const found = new Set<string>()
    for (const m of q.matchAll(/《([^》]{2,40})》/g)) found.add(m[1] as string)
    let rest = q.replace(/《[^》]*》/g, ' ')
    for (const n of this.cachedNames) {
      if (n.length < 3 || !rest.includes(n)) continue
      found.add(n)
      rest = rest.split(n).join(' ')
    }
    for (const name of found) {
      const family = this.d.catalog.resolveName(name)
      const plain = name.replace(/[（(][^）)]*[）)]/g, '')
      for (const s of idx.sources.values()) {
        if (s.kind !== 'regulation' || s.duplicateOf) continue
        if (family ? s.family === family.id : s.title.replace(/[（(][^）)]*[）)]/g, '') === plain) out.add(s.key)
      }
    }
    return out
  }

  private stripNames(q: string): string {
    this.cachedNames ??= this.names()
    let out = q.replace(/《[^》]*》/g, ' ')
    for (const n of this.cachedNames) if (n.length >= 3 && out.includes(n)) out = out.split(n).join(' ')
    return out
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

  private queryTermsOf(text: string): Map<string, number> {
    const t = this.d.tokenizer
    const weights = new Map<string, number>()
    const add = (terms: string[], scale: number) => {
      for (const x of terms) {
        const base = x.startsWith(BIGRAM_PREFIX) ? this.tuning.bigram : this.tuning.word
        weights.set(x, Math.max(weights.get(x) ?? 0, base * scale))
      }
    }
    add(t.terms(text), 1)
    const exp = expansions(text, this.d.synonyms)
    if (exp.length) add(t.terms(exp.join(' ')), this.tuning.expansion)
    return weights
  }

  /** Weighted query terms: words 1.0, bigrams 0.35, expansions at half weight, focus sentence boosted. */
  queryTerms(q: string, focusText?: string): Map<string, number> {
    const t = this.d.tokenizer
    const weights = new Map<string, number>()
    const add = (terms: string[], scale: number) => {
      const counts = new Map<string, number>()
      for (const x of terms) counts.set(x, (counts.get(x) ?? 0) + 1)
      for (const [x, c] of counts) {
        const base = x.startsWith(BIGRAM_PREFIX) ? this.tuning.bigram : this.tuning.word
        weights.set(x, (weights.get(x) ?? 0) + base * scale * Math.sqrt(Math.min(c, 4)))
      }
    }
    add(t.terms(q), 1)
    const focus = focusText ?? focusOf(q)
    if (focus) add(t.terms(focus), this.tuning.focus)
    const exp = expansions(focusText ? q : (focus ?? q), this.d.synonyms)
    if (exp.length) add(t.terms(exp.join(' ')), this.tuning.expansion)
    return weights
  }

  async search(raw: string, o: RetrieveOptions = {}): Promise<Retrieval> {
    const k = o.k ?? 10
    const idx = this.d.index
    const q = cleanQuestion(raw)
    if (!q) return { hits: [], confidence: 0, unknownShare: 1, domainWords: 0 }
    const accept = this.accept(o.filter)
    const lookup = this.lookup(q)

    // A regulation's name says where to look, not what to find: its words are left out of the query.
    const named = this.namedSources(q)
    const withoutNames = named.size ? this.stripNames(q) : q
    const terms = this.queryTerms(withoutNames.replace(/[\s，。？?！!、：:]/g, '').length >= 2 ? withoutNames : q, o.focus)
    const qmap = new Map<number, number>()
    let unknownW = 0
    let textUnknownW = 0
    let allW = 0
    for (const [term, w] of terms) {
      const id = idx.vocab.id(term)
      if (!term.startsWith(BIGRAM_PREFIX)) allW += w
      if (id === undefined || (idx.bm25Articles.df(id) === 0 && idx.bm25Passages.df(id) === 0)) {
        if (!term.startsWith(BIGRAM_PREFIX)) textUnknownW += w
        // A chat word only the catalogue knows ("购物卡") is known to the knowledge base.
        const c = this.catVocab.id(term)
        if (!term.startsWith(BIGRAM_PREFIX) && (c === undefined || this.catBm25.df(c) === 0)) unknownW += w
        continue
      }
      qmap.set(id, w)
    }
    const qvec = await this.embed(q)

    const cmap = new Map<number, number>()
    for (const [term, w] of terms) {
      const id = this.catVocab.id(term)
      if (id !== undefined) cmap.set(id, w)
    }
    const catScores = cmap.size ? this.catBm25.scores(cmap) : []
    const amap = new Map<number, number>()
    for (const [term, w] of terms) {
      const id = this.anchorVocab.id(term)
      if (id !== undefined) amap.set(id, w)
    }
    const anchorA = this.tuning.anchors > 0 && amap.size ? this.anchorBm25.search(amap, 50) : []
    const catTop = topK([...catScores], 100)
    const catA = catTop.flatMap((x) => {
      const u = idx.byId.get((this.catEntries[x.doc] as { id: string }).id)
      return u === undefined ? [] : [{ doc: u, score: x.score }]
    })
    const bm25A = idx.bm25Articles.search(qmap, 100)
    const bm25P = idx.bm25Passages.search(qmap, 100, accept)
    // In a long case description (or a follow-up) the asking sentence is a query of its own.
    const focus = o.focus ? cleanQuestion(o.focus) : focusOf(q)
    const fmap = new Map<number, number>()
    if (focus) {
      for (const [term, w] of this.queryTermsOf(focus)) {
        const id = idx.vocab.id(term)
        if (id !== undefined) fmap.set(id, w)
      }
    }
    const focusA = fmap.size ? idx.bm25Articles.search(fmap, 50) : []
    const namedA = named.size ? idx.bm25Articles.search(qmap, 30, (doc) => named.has((idx.units[doc] as Unit).source)) : []
    const focusP = fmap.size ? idx.bm25Passages.search(fmap, 50, accept) : []
    const denseA = idx.vecArticles.search(qvec, 40)
    const denseP = idx.vecPassages.search(qvec, 40, accept)

    const passages = rrf([
      { name: 'bm25', items: bm25P.map((s) => s.doc) },
      { name: 'focus', items: focusP.map((s) => s.doc), weight: this.tuning.focusRank },
      { name: 'dense', items: denseP.map((s) => s.label), weight: this.tuning.dense },
    ])
    // Articles cited by the best-matching documents: a case analysis matches on its facts and
    // cites the provisions in its conclusion, so citations count for the whole document.
    const citeScore = new Map<number, number>()
    const byPassage: string[] = []
    for (const p of passages) {
      const src = (idx.units[p.id] as Unit).source
      if (!byPassage.includes(src)) byPassage.push(src)
      if (byPassage.length >= 100) break
    }
    const tq = new Map<number, number>()
    for (const [term, w] of this.queryTermsOf(focus ?? q)) {
      const id = this.titleVocab.id(term)
      if (id !== undefined) tq.set(id, w)
    }
    const excluded = accept ? new Set(this.docKeys.filter((k) => { const i = idx.byId.get(`${k}@1`); return i !== undefined && !accept(i) })) : undefined
    const byTitle = this.titles.search(tq, 50).map((x) => this.docKeys[x.doc] as string).filter((k) => !excluded?.has(k))
    const docRank = new Map<string, number>()
    rrf([
      { name: 'passages', items: byPassage },
      { name: 'titles', items: byTitle, weight: this.tuning.titleRank },
    ]).slice(0, this.tuning.citedPassages).forEach((x, i) => docRank.set(x.id, i))
    for (const [src, r] of docRank) {
      const m = idx.docCites.get(src)
      if (!m) continue
      const total = [...m.values()].reduce((a, b) => a + b, 0)
      for (const [a, n] of m) citeScore.set(a, (citeScore.get(a) ?? 0) + (n / total) / (r + 5))
    }
    if (this.tuning.passageCites > 0) {
      let r = 0
      for (const p of passages.slice(0, this.tuning.passageCitesPool)) {
        const cites = (idx.units[p.id] as Unit).cites
        if (cites?.length) {
          for (const c of cites) {
            const a = idx.byId.get(articleIdOf(c))
            if (a !== undefined) citeScore.set(a, (citeScore.get(a) ?? 0) + (this.tuning.passageCites / cites.length) / (r + 5))
          }
        }
        r++
      }
    }
    const cited = [...citeScore.entries()].sort((a, b) => b[1] - a[1]).map(([a]) => a)

    // Documents vouch for articles mostly when the articles themselves match the question poorly
    // (a case description); a question quoting the rules is answered by the text itself.
    // How well the best article's own text covers the question; words no text contains count against it.
    const directCov = this.coverage(qmap, bm25A.slice(0, 1).map((x) => ({ id: (idx.units[x.doc] as Unit).id }) as Hit), textUnknownW)
    const { citedLo, citedHi, citedHighCov } = this.tuning
    // Short questions match many documents loosely; their citations are weak evidence on their own
    // and only re-rank articles the text itself already retrieved.
    const short = q.length < 50
    const lengthFactor = q.length >= 100 ? 1 : q.length >= 50 ? 0.5 : this.tuning.citedShort
    // An article counts as retrieved by the text when it or its counterpart in another version is.
    const directSet = new Set<number>()
    for (const x of bm25A.slice(0, this.tuning.shortPool)) {
      directSet.add(x.doc)
      for (const c of idx.counterparts.get(x.doc) ?? []) directSet.add(c)
    }
    const citedList = short && this.tuning.shortPool > 0 ? cited.filter((a) => directSet.has(a)) : cited
    const citedWeight = this.tuning.cited * lengthFactor * Math.min(1, Math.max(citedHighCov, (citedHi - directCov) / (citedHi - citedLo)))
    // A short question shares few words with the article that settles it ("拿了老板20万没还" vs
    // 借用管理服务对象钱款): the articles the matching documents and cards cite most strongly count
    // on their own too, unless the question names the regulation to look in.
    const topCite = citeScore.get(cited[0] as number) ?? 0
    const citedOutside = short && !named.size ? cited.slice(0, this.tuning.shortOutsideN).filter((a) => (citeScore.get(a) ?? 0) >= this.tuning.shortOutsideMin * topCite) : []
    // The everyday-wording channels speak when the rules' own words do not cover the question; a
    // question that quotes the text (an exam item) is answered by the text itself.
    const chatty = this.tuning.catByCov ? Math.min(1, Math.max(0, (this.tuning.catByCov - directCov) / 0.25)) : 1
    if (o.explain) {
      const ids = (xs: number[]) => xs.slice(0, 30).map((i) => (idx.units[i] as Unit).id as string)
      o.explain('bm25', ids(bm25A.map((s) => s.doc)))
      o.explain('focus', ids(focusA.map((s) => s.doc)))
      o.explain('named', ids(namedA.map((s) => s.doc)))
      o.explain('dense', ids(denseA.map((s) => s.label)))
      o.explain('cited', ids(citedList))
      o.explain('citedOutside', ids(citedOutside))
      o.explain('documents', [...docRank.keys()])
      o.explain('catalogue', ids(catA.map((s) => s.doc)))
      o.explain('weights', [`text coverage ${directCov.toFixed(2)}`, `catalogue weight ${(this.tuning.catRank * chatty).toFixed(2)}`])
      o.explain('anchors', ids(anchorA.map((s) => s.doc)))
    }
    // An article and its counterparts in other versions rank as one provision: documents cite the
    // numbers of the version they were written under, the question's words may match the other text.
    this.provisions ??= groupsOf(idx.counterparts)
    const provisions = this.provisions
    const G = (xs: number[]) => (this.tuning.fuseProvisions ? byGroup(xs, (x) => provisions.get(x) ?? x) : xs)
    const articles = rrf([
      { name: 'bm25', items: G(bm25A.map((s) => s.doc)), weight: this.tuning.bm25 },
      { name: 'focus', items: G(focusA.map((s) => s.doc)), weight: this.tuning.focusRank },
      { name: 'named', items: G(namedA.map((s) => s.doc)), weight: this.tuning.named },
      { name: 'dense', items: G(denseA.map((s) => s.label)), weight: this.tuning.dense },
      { name: 'cited', items: G(citedList.slice(0, 50)), weight: short && this.tuning.shortPool > 0 ? (citedWeight / lengthFactor) * this.tuning.shortCited : citedWeight },
      { name: 'citedOutside', items: G(citedOutside), weight: this.tuning.shortOutside },
      { name: 'anchors', items: G(anchorA.map((s) => s.doc)), weight: this.tuning.anchors * chatty },
      { name: 'catalogue', items: G(catA.map((s) => s.doc)), weight: this.tuning.catRank * Math.min(1, Math.max(this.tuning.catLong, (this.tuning.catLenEnd - q.length) / (this.tuning.catLenEnd - 80))) * chatty },
    ], this.tuning.rrfK)
    const caseDate = caseDateOf(q, this.d.today?.() ?? new Date().toISOString().slice(0, 10))
    const intents = this.tuning.intent > 0 ? intentsOf(focus ?? q) : []
    const boosted = intents.length ? articles.map((a) => ({ ...a, score: a.score * intentBoost(intents, this.traits(a.id), this.tuning.intent) })).sort((x, y) => y.score - x.score) : articles
    const scored = this.orderVersions(boosted.map((a) => ({ idx: a.id, score: a.score, via: a.via })), caseDate?.date)

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

    // A long case description mentions names, places and sums no text contains; the asking
    // sentence is then what must be covered.
    // Coverage is judged on articles: the document library is broad enough (crimes, finance,
    // health cases) to contain the words of almost any question.
    const direct = bm25A.slice(0, 3).map((x) => ({ id: (idx.units[x.doc] as Unit).id }) as Hit)
    // The project's own procedure cards are as trustworthy as articles for this purpose.
    const articleHits = [...hits.filter((h) => h.unit.kind === 'article').slice(0, 3), ...hits.filter((h) => h.source.category === CARD_CATEGORY).slice(0, 2)]
    let confidence = this.coverage(qmap, [...articleHits, ...direct], unknownW)
    if (fmap.size) confidence = Math.max(confidence, this.coverage(fmap, [...articleHits, ...focusA.slice(0, 3).map((x) => ({ id: (idx.units[x.doc] as Unit).id }) as Hit)]))
    // The catalogue field speaks for its article: a chat question covered by an article's everyday
    // descriptions is as well supported as one covered by its text.
    let catAbsent = 0
    for (const [term, w] of terms) if (!term.startsWith(BIGRAM_PREFIX) && this.catVocab.id(term) === undefined) catAbsent += w
    const catCov = this.catCoverage(cmap, catTop.slice(0, 3).map((x) => x.doc), catAbsent)
    // Only articles that are in the knowledge base make an answer; the others are named in a hint.
    if (catA.length) confidence = Math.max(confidence, this.catCoverage(cmap, catTop.filter((x) => idx.byId.has((this.catEntries[x.doc] as { id: string }).id)).slice(0, 3).map((x) => x.doc), catAbsent))
    const catalogue = catTop.slice(0, 3).map((x) => ({ id: (this.catEntries[x.doc] as { id: string }).id, score: x.score, coverage: catCov }))
    const words = this.d.tokenizer.words(q)
    const domainWords = words.filter((w) => this.d.tokenizer.isDomainWord(w) || this.catTerms.has(w)).length + expansions(q, this.d.synonyms).length
    return { hits, lookup, confidence, unknownShare: allW ? unknownW / allW : 1, domainWords, caseDate, catalogue }
  }

  private provisions?: Map<number, number>
  private readonly traitCache = new Map<number, ArticleTraits>()

  /** What an article is (violation, procedure, time limit); a provision shares its current text's catalogue kind. */
  private traits(i: number): ArticleTraits {
    let t = this.traitCache.get(i)
    if (!t) {
      // A provision's traits are those of any of its versions (rankings are fused by provision).
      const versions = [i, ...(this.d.index.counterparts.get(i) ?? [])].map((v) => this.d.index.units[v] as Unit)
      const kind = versions.map((u) => this.d.behaviours?.entry(u.id)?.kind).find(Boolean)
      const each = versions.map((u) => traitsOf(u.text, kind))
      t = { violation: each.some((x) => x.violation), procedure: each.some((x) => x.procedure), limit: each.some((x) => x.limit) }
      this.traitCache.set(i, t)
    }
    return t
  }

  private async embed(q: string): Promise<number[] | Float32Array> {
    const e = this.d.embeddings
    return e instanceof HashingEmbeddings ? e.vector(q) : await e.embedQuery(q)
  }

  /**
   * Shares scores between an article and its counterpart in another version; the preferred version
   * is placed first, its counterparts right after it. Preferred is the version in force, or, when
   * the question tells of events on `asOf` (YYYY-MM), the version in force at that time.
   * Articles of other versions with no preferred counterpart weigh a little less.
   */
  orderVersions(list: Array<{ idx: number; score: number; via: string[] }>, asOf?: string): Array<{ idx: number; score: number; via: string[] }> {
    const idx = this.d.index
    const by = new Map(list.map((x) => [x.idx, x]))
    const rankOfSource = new Map<string, number>()
    const rank = (i: number) => {
      const key = (idx.units[i] as Unit).source
      let r = rankOfSource.get(key)
      if (r === undefined) {
        r = this.versionRank(idx.source(idx.units[i] as Unit), asOf)
        rankOfSource.set(key, r)
      }
      return r
    }
    const out = new Map<number, { idx: number; score: number; via: string[] }>()
    for (const x of list) {
      let best = x.score
      for (const c of idx.counterparts.get(x.idx) ?? []) best = Math.max(best, by.get(c)?.score ?? 0)
      const r = rank(x.idx)
      const hasBetter = (idx.counterparts.get(x.idx) ?? []).some((c) => rank(c) < r)
      // Within a version family the preferred text wins ties; a text of another version without a
      // preferred counterpart is still shown (it may be the only text here) but weighs less.
      const score = hasBetter ? best * 0.999 : r === 0 ? best : best * (r === 1 ? 0.9 : 0.85)
      out.set(x.idx, { idx: x.idx, score, via: x.via })
      for (const c of idx.counterparts.get(x.idx) ?? []) {
        if (!by.has(c) && !out.has(c)) {
          const rc = rank(c)
          out.set(c, { idx: c, score: rc < r ? best : best * 0.999, via: ['version'] })
        }
      }
    }
    return [...out.values()].sort((a, b) => b.score - a.score || rank(a.idx) - rank(b.idx))
  }

  /**
   * 0 for the preferred version, 1 for a superseded one, 2 for a repealed one. With a case date,
   * the regulation version in force on that date is preferred (or, when the knowledge base lacks
   * it, the nearest later version it has), and the current text counts as superseded.
   */
  private versionRank(s: SourceMeta, asOf?: string): number {
    const base = s.status === '现行有效' ? 0 : s.status === '已被取代' ? 1 : 2
    if (!asOf || s.kind !== 'regulation' || !s.family) return base
    const applicable = this.applicableStem(s.family, asOf)
    if (!applicable) return base
    return s.key === applicable ? 0 : base === 2 ? 2 : 1
  }

  private applicableStem(familyId: string, asOf: string): string | undefined {
    const cacheKey = `${familyId}@${asOf}`
    if (this.applicable.has(cacheKey)) return this.applicable.get(cacheKey)
    const effective = (s: SourceMeta) => {
      const v = this.d.catalog.stem(s.key)?.version
      return (v?.effective ?? v?.issued ?? s.date ?? '').slice(0, 7)
    }
    const members = [...this.d.index.sources.values()]
      .filter((s) => s.kind === 'regulation' && s.family === familyId && !s.duplicateOf && effective(s))
      .sort((x, y) => effective(x).localeCompare(effective(y)))
    // In force on asOf: the last version here that took effect by then; before the first one
    // here, the first one here (the closest text to the one that applied).
    let pick = [...members].reverse().find((s) => effective(s) <= asOf) ?? members[0]
    // A version the catalog knows, not in the knowledge base, that took effect later than the
    // pick and by asOf was the one in force: then no text here is the applicable one.
    const family = this.d.catalog.family(familyId)
    if (pick && family?.versions.some((v) => !(v.stem && this.d.index.sources.has(v.stem)) && (v.effective ?? v.issued ?? '').slice(0, 7) > effective(pick as SourceMeta) && (v.effective ?? v.issued ?? '').slice(0, 7) <= asOf)) pick = undefined
    const stem = members.length > 1 ? pick?.key : undefined
    this.applicable.set(cacheKey, stem)
    return stem
  }
  private readonly applicable = new Map<string, string | undefined>()

  /** Share of the question's weighted, idf-scaled terms present in the catalogue field of the given articles. */
  private catCoverage(cmap: Map<number, number>, docs: number[], absentWeight: number): number {
    // Words the catalogue does not know count against it at the idf of a word seen once.
    let total = absentWeight * Math.log(1 + this.catBm25.docCount)
    const weight = new Map<number, number>()
    for (const [t, w] of cmap) {
      const v = w * this.catBm25.idf(t)
      weight.set(t, v)
      total += v
    }
    if (!total) return 0
    let best = 0
    for (const i of docs) {
      let got = 0
      for (let j = this.catFwd.offsets[i] as number; j < (this.catFwd.offsets[i + 1] as number); j++) got += weight.get(this.catFwd.termIds[j] as number) ?? 0
      best = Math.max(best, got / total)
    }
    return best
  }

  /** Share of the question's weighted, idf-scaled terms present in the best of the given hits. */
  private coverage(qmap: Map<number, number>, hits: Hit[], unknownWeight = 0): number {
    const idx = this.d.index
    // Words the knowledge base has never seen count against coverage at the highest idf.
    // (at least the idf of a hapax in a library of ~10,000 units, so that a small knowledge base
    // does not make unknown words cheap).
    let total = unknownWeight * Math.max(9, Math.log(1 + Math.max(idx.bm25Articles.docCount, idx.bm25Passages.docCount)))
    const weight = new Map<number, number>()
    for (const [t, w] of qmap) {
      const idf = Math.max(idx.bm25Articles.idf(t), idx.bm25Passages.idf(t))
      weight.set(t, w * idf)
      total += w * idf
    }
    if (!total) return 0
    let best = 0
    for (const h of hits) {
      const i = idx.byId.get(h.id)
      if (i === undefined) continue
      let got = 0
      for (let j = idx.fwd.offsets[i] as number; j < (idx.fwd.offsets[i + 1] as number); j++) got += weight.get(idx.fwd.termIds[j] as number) ?? 0
      best = Math.max(best, got / total)
    }
    return best
  }
}
