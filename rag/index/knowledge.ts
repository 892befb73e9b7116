/**
 * The in-memory knowledge index: sources, units, the lexical and vector rankings, citations from
 * documents to articles, and the alignment of articles across versions of one regulation.
 * Built by index-store.ts (from parsed sources or from disk); read by the retriever.
 */
import type { Catalog } from '../data/catalog.js'
import { shortTitle } from '../data/catalog.js'
import { bigramContainment, quotedAfter, type RawCitation } from '../ingest/citations.js'
import { latestYearMentioned } from '../ingest/metadata.js'
import { Bm25, type ForwardIndex, type Vocabulary } from './lexical.js'
import type { ProvisionId, SourceMeta, Unit } from '../types.js'
import type { VectorStore } from './vector.js'

export interface KnowledgeParts {
  sources: SourceMeta[]
  units: Unit[]
  vocab: Vocabulary
  fwd: ForwardIndex
  vectors: Float32Array
  dim: number
  vecArticles: VectorStore
  vecPassages: VectorStore
  /** Pairs of article unit indexes that are the same provision in two versions [older, newer]. */
  aligned: Array<[number, number]>
}

export class KnowledgeIndex {
  readonly sources: Map<string, SourceMeta>
  readonly units: Unit[]
  readonly vocab: Vocabulary
  readonly fwd: ForwardIndex
  readonly vectors: Float32Array
  readonly dim: number
  readonly vecArticles: VectorStore
  readonly vecPassages: VectorStore
  readonly aligned: Array<[number, number]>
  readonly bm25Articles: Bm25
  readonly bm25Passages: Bm25
  readonly byId = new Map<string, number>()
  /** unit index → indexes of the same provision in other versions */
  readonly counterparts = new Map<number, number[]>()
  /** document source key → cited article unit index → times cited in the whole document */
  readonly docCites = new Map<string, Map<number, number>>()
  readonly articleIdx: number[] = []
  readonly passageIdx: number[] = []

  constructor(p: KnowledgeParts) {
    this.sources = new Map(p.sources.map((s) => [s.key, s]))
    this.units = p.units
    this.vocab = p.vocab
    this.fwd = p.fwd
    this.vectors = p.vectors
    this.dim = p.dim
    this.vecArticles = p.vecArticles
    this.vecPassages = p.vecPassages
    this.aligned = p.aligned
    p.units.forEach((u, i) => {
      this.byId.set(u.id, i)
      ;(u.kind === 'article' ? this.articleIdx : this.passageIdx).push(i)
    })
    this.bm25Articles = new Bm25(p.fwd, p.vocab.size, this.articleIdx)
    this.bm25Passages = new Bm25(p.fwd, p.vocab.size, this.passageIdx, { b: 0.6 })
    for (const [a, b] of p.aligned) {
      this.counterparts.set(a, [...(this.counterparts.get(a) ?? []), b])
      this.counterparts.set(b, [...(this.counterparts.get(b) ?? []), a])
    }
    p.units.forEach((u, i) => {
      for (const c of u.cites ?? []) {
        const a = this.byId.get(c)
        if (a === undefined) continue
        let m = this.docCites.get(u.source)
        if (!m) this.docCites.set(u.source, (m = new Map()))
        m.set(a, (m.get(a) ?? 0) + 1)
      }
    })
  }

  source(u: Unit): SourceMeta {
    return this.sources.get(u.source) as SourceMeta
  }
}

/** Character bigram set of the Chinese text. */
function bigrams(text: string): Set<string> {
  const s = new Set<string>()
  const t = text.replace(/[^\u4e00-\u9fff]/g, '')
  for (let i = 0; i + 1 < t.length; i++) s.add(t.slice(i, i + 2))
  return s
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0
  const [small, big] = a.size < b.size ? [a, b] : [b, a]
  for (const x of small) if (big.has(x)) inter++
  return inter / (a.size + b.size - inter || 1)
}

/**
 * Aligns the articles of consecutive versions of each regulation family (2018 → 2023 …) by text
 * similarity, so that a hit on one version can show its counterpart in the other.
 */
export function alignVersions(sources: SourceMeta[], units: Unit[], catalog: Catalog): Array<[number, number]> {
  const byFamily = new Map<string, SourceMeta[]>()
  for (const s of sources) {
    if (s.kind !== 'regulation' || !s.family || s.duplicateOf) continue
    byFamily.set(s.family, [...(byFamily.get(s.family) ?? []), s])
  }
  const unitsBySource = new Map<string, number[]>()
  units.forEach((u, i) => {
    if (u.kind === 'article') unitsBySource.set(u.source, [...(unitsBySource.get(u.source) ?? []), i])
  })
  const out: Array<[number, number]> = []
  for (const [familyId, list] of byFamily) {
    if (list.length < 2) continue
    const family = catalog.family(familyId)
    const order = (s: SourceMeta) => family?.versions.findIndex((v) => v.stem === s.key) ?? 0
    list.sort((a, b) => order(a) - order(b) || (a.date ?? '').localeCompare(b.date ?? ''))
    for (let v = 0; v + 1 < list.length; v++) {
      const older = unitsBySource.get((list[v] as SourceMeta).key) ?? []
      const newer = unitsBySource.get((list[v + 1] as SourceMeta).key) ?? []
      const nb = newer.map((i) => bigrams((units[i] as Unit).text))
      const ob = older.map((i) => bigrams((units[i] as Unit).text))
      // Best newer match for each older article, kept when it is also the older's best for that newer.
      const bestForNewer = new Map<number, { o: number; s: number }>()
      const picks: Array<{ o: number; n: number; s: number }> = []
      ob.forEach((a, oi) => {
        let best = -1
        let bs = 0
        nb.forEach((b, ni) => {
          const s = jaccard(a, b)
          if (s > bs) {
            bs = s
            best = ni
          }
        })
        if (best >= 0 && bs >= 0.4) {
          picks.push({ o: oi, n: best, s: bs })
          const cur = bestForNewer.get(best)
          if (!cur || cur.s < bs) bestForNewer.set(best, { o: oi, s: bs })
        }
      })
      for (const p of picks) {
        if (bestForNewer.get(p.n)?.o === p.o) out.push([older[p.o] as number, newer[p.n] as number])
      }
    }
  }
  return out
}

export interface CitationContext {
  catalog: Catalog
  sources: SourceMeta[]
  units: Unit[]
  nowYear: number
}

/**
 * Resolves a document's raw citations to article ids of regulations in the knowledge base. The
 * version is chosen by the quoted words when they match one version clearly, then by an explicit
 * year in the cited title, then by the document's date (or the latest year it mentions).
 */
export function makeCitationResolver(ctx: CitationContext) {
  const regs = ctx.sources.filter((s) => s.kind === 'regulation' && !s.duplicateOf)
  const articleText = new Map<string, string>()
  for (const u of ctx.units) if (u.kind === 'article') articleText.set(u.id, u.text)
  const byName = new Map<string, SourceMeta[]>()
  const candidates = (name: string): SourceMeta[] => {
    const hit = byName.get(name)
    if (hit) return hit
    const fam = ctx.catalog.resolveName(name.replace(/[（(][^）)]*[）)]/g, ''))
    let list = fam ? regs.filter((s) => s.family === fam.id) : []
    if (!list.length) {
      const short = shortTitle(name)
      list = regs.filter((s) => shortTitle(s.title) === short)
    }
    byName.set(name, list)
    return list
  }
  return (raws: RawCitation[], docText: string, docDate: string | undefined): ProvisionId[] => {
    const out = new Set<ProvisionId>()
    const year = docDate?.slice(0, 4) ?? String(latestYearMentioned(docText, ctx.nowYear) ?? ctx.nowYear)
    for (const r of raws) {
      const list = candidates(r.name).filter((s) => articleText.has(`${s.key}#${r.article}`))
      if (!list.length) continue
      let pick: SourceMeta | undefined = list.length === 1 ? list[0] : undefined
      if (!pick) {
        const quote = quotedAfter(r.after)
        if (quote.length >= 6) {
          const scored = list
            .map((s) => ({ s, v: bigramContainment(quote, articleText.get(`${s.key}#${r.article}`) as string) }))
            .sort((a, b) => b.v - a.v)
          if (scored[0] && scored[0].v >= 0.6 && scored[0].v - (scored[1]?.v ?? 0) >= 0.15) pick = scored[0].s
        }
      }
      if (!pick) {
        const y = /((?:19|20)\d{2})/.exec(r.name)?.[1]
        if (y) pick = list.find((s) => s.key.includes(y) || (s.version ?? '').includes(y) || (s.title ?? '').includes(y))
      }
      if (!pick) {
        const fam = list[0]?.family ? ctx.catalog.family(list[0].family) : undefined
        const v = fam ? ctx.catalog.versionAt({ ...fam, versions: fam.versions.filter((x) => list.some((s) => s.key === x.stem)) }, `${year}-12-31`) : undefined
        pick = list.find((s) => s.key === v?.stem) ?? list[list.length - 1]
      }
      if (pick) out.add(`${pick.key}#${r.article}` as ProvisionId)
    }
    return [...out]
  }
}

/** Bottom-k sketch of 8-character shingles, for near-duplicate detection. */
export function sketch(text: string, k = 64): number[] {
  const t = text.replace(/\s+/g, '')
  const hashes = new Set<number>()
  for (let i = 0; i + 8 <= t.length; i += 1) {
    let h = 0x811c9dc5
    for (let j = i; j < i + 8; j++) {
      h ^= t.charCodeAt(j)
      h = Math.imul(h, 0x01000193)
    }
    hashes.add(h >>> 0)
  }
  return [...hashes].sort((a, b) => a - b).slice(0, k)
}

/** Jaccard estimate from two bottom-k sketches. */
export function sketchSimilarity(a: number[], b: number[], k = 64): number {
  const merged = [...new Set([...a, ...b])].sort((x, y) => x - y).slice(0, k)
  const sa = new Set(a)
  const sb = new Set(b)
  let both = 0
  for (const h of merged) if (sa.has(h) && sb.has(h)) both++
  return merged.length ? both / merged.length : 0
}

/**
 * Marks documents that nearly duplicate an earlier one (same text re-posted with another header).
 * Returns [duplicate key, original key] pairs; candidates are found through shared sketch values.
 */
export function findNearDuplicates(docs: Array<{ key: string; sketch: number[] }>, threshold = 0.8): Array<[string, string]> {
  const posting = new Map<number, number[]>()
  docs.forEach((d, i) => {
    for (const h of d.sketch) posting.set(h, [...(posting.get(h) ?? []), i])
  })
  const out: Array<[string, string]> = []
  const dup = new Set<number>()
  docs.forEach((d, i) => {
    if (dup.has(i) || d.sketch.length < 8) return
    const shared = new Map<number, number>()
    for (const h of d.sketch) for (const j of posting.get(h) ?? []) if (j < i) shared.set(j, (shared.get(j) ?? 0) + 1)
    for (const [j, n] of shared) {
      if (dup.has(j) || n < d.sketch.length * threshold * 0.5) continue
      if (sketchSimilarity(d.sketch, (docs[j] as { sketch: number[] }).sketch) >= threshold) {
        out.push([d.key, (docs[j] as { key: string }).key])
        dup.add(i)
        break
      }
    }
  })
  return out
}
