/**
 * BM25 over a forward index (unit → term ids with frequencies) held in typed arrays. The inverted
 * index is derived at load time in two linear passes, which is fast enough that only the forward
 * index needs to be persisted (and a changed source only re-tokenizes its own units).
 *
 * @example
 * const fwd = ForwardIndex.fromTerms([['谈话', '函询'], ['留置']], vocab)
 * new Bm25(fwd).search(new Map([[vocab.id('留置'), 1]]), 5) // [{ doc: 1, score: … }]
 */

export class Vocabulary {
  private readonly map = new Map<string, number>()
  readonly terms: string[]
  constructor(terms: string[] = []) {
    this.terms = terms
    terms.forEach((t, i) => this.map.set(t, i))
  }
  /** Id of a term, adding it when absent. */
  add(term: string): number {
    let id = this.map.get(term)
    if (id === undefined) {
      id = this.terms.length
      this.terms.push(term)
      this.map.set(term, id)
    }
    return id
  }
  id(term: string): number | undefined {
    return this.map.get(term)
  }
  get size(): number {
    return this.terms.length
  }
}

/** Term ids and frequencies of each unit, concatenated. */
export class ForwardIndex {
  constructor(
    /** offsets[i]..offsets[i+1] is unit i's slice; length = units + 1 */
    readonly offsets: Uint32Array,
    readonly termIds: Uint32Array,
    readonly tfs: Uint16Array,
  ) {}

  get size(): number {
    return this.offsets.length - 1
  }

  /** Incremental construction, one unit at a time, without holding every unit's term list. */
  static builder(vocab: Vocabulary): ForwardBuilder {
    return new ForwardBuilder(vocab)
  }

  static fromTerms(docs: string[][], vocab: Vocabulary): ForwardIndex {
    const offsets = new Uint32Array(docs.length + 1)
    const ids: number[] = []
    const tfs: number[] = []
    docs.forEach((terms, i) => {
      const counts = new Map<number, number>()
      for (const t of terms) {
        const id = vocab.add(t)
        counts.set(id, (counts.get(id) ?? 0) + 1)
      }
      for (const [id, c] of counts) {
        ids.push(id)
        tfs.push(Math.min(c, 65535))
      }
      offsets[i + 1] = ids.length
    })
    return new ForwardIndex(offsets, Uint32Array.from(ids), Uint16Array.from(tfs))
  }

  /** Length (sum of tf) of unit i. */
  length(i: number): number {
    let n = 0
    for (let j = this.offsets[i] as number; j < (this.offsets[i + 1] as number); j++) n += this.tfs[j] as number
    return n
  }
}

/** Growable typed arrays: a forward index of millions of postings without boxed numbers. */
class GrowU32 {
  data = new Uint32Array(1 << 16)
  length = 0
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2)
      next.set(this.data)
      this.data = next
    }
    this.data[this.length++] = v
  }
  view(): Uint32Array {
    return this.data.slice(0, this.length)
  }
}

export class ForwardBuilder {
  private readonly offsets = new GrowU32()
  private readonly ids = new GrowU32()
  private readonly tfs = new GrowU32()
  constructor(private readonly vocab: Vocabulary) {
    this.offsets.push(0)
  }

  add(terms: string[]): void {
    const counts = new Map<number, number>()
    for (const t of terms) {
      const id = this.vocab.add(t)
      counts.set(id, (counts.get(id) ?? 0) + 1)
    }
    for (const [id, c] of counts) {
      this.ids.push(id)
      this.tfs.push(Math.min(c, 65535))
    }
    this.offsets.push(this.ids.length)
  }

  /** Copies unit `i` of another forward index whose term ids are valid in this vocabulary. */
  copy(from: ForwardIndex, i: number): void {
    for (let j = from.offsets[i] as number; j < (from.offsets[i + 1] as number); j++) {
      this.ids.push(from.termIds[j] as number)
      this.tfs.push(from.tfs[j] as number)
    }
    this.offsets.push(this.ids.length)
  }

  build(): ForwardIndex {
    return new ForwardIndex(this.offsets.view(), this.ids.view(), Uint16Array.from(this.tfs.view()))
  }
}

export interface Scored {
  doc: number
  score: number
}

export interface Bm25Options {
  k1?: number
  b?: number
}

export class Bm25 {
  private readonly k1: number
  private readonly b: number
  private readonly postStart: Uint32Array
  private readonly postDocs: Uint32Array
  private readonly postTf: Uint16Array
  private readonly docLen: Float32Array
  private readonly avgLen: number
  readonly docCount: number

  /**
   * @param members which units of the forward index this ranking covers (e.g. only articles);
   *   scores are reported with the unit's index in the forward index.
   */
  constructor(fwd: ForwardIndex, vocabSize: number, members?: ArrayLike<number>, o: Bm25Options = {}) {
    this.k1 = o.k1 ?? 1.2
    this.b = o.b ?? 0.75
    const all = members ?? Array.from({ length: fwd.size }, (_, i) => i)
    this.docCount = all.length
    const df = new Uint32Array(vocabSize + 1)
    this.docLen = new Float32Array(fwd.size)
    let total = 0
    for (let k = 0; k < all.length; k++) {
      const i = all[k] as number
      let len = 0
      for (let j = fwd.offsets[i] as number; j < (fwd.offsets[i + 1] as number); j++) {
        df[fwd.termIds[j] as number]!++
        len += fwd.tfs[j] as number
      }
      this.docLen[i] = len
      total += len
    }
    this.avgLen = all.length ? total / all.length : 1
    this.postStart = new Uint32Array(vocabSize + 1)
    let acc = 0
    for (let t = 0; t < vocabSize; t++) {
      this.postStart[t] = acc
      acc += df[t] as number
    }
    this.postStart[vocabSize] = acc
    this.postDocs = new Uint32Array(acc)
    this.postTf = new Uint16Array(acc)
    const fill = this.postStart.slice()
    for (let k = 0; k < all.length; k++) {
      const i = all[k] as number
      for (let j = fwd.offsets[i] as number; j < (fwd.offsets[i + 1] as number); j++) {
        const t = fwd.termIds[j] as number
        const p = fill[t]!++
        this.postDocs[p] = i
        this.postTf[p] = fwd.tfs[j] as number
      }
    }
  }

  df(term: number): number {
    if (term + 1 >= this.postStart.length) return 0
    return (this.postStart[term + 1] as number) - (this.postStart[term] as number)
  }

  idf(term: number): number {
    const n = this.df(term)
    return Math.log(1 + (this.docCount - n + 0.5) / (n + 0.5))
  }

  /**
   * Scores every unit containing a query term. `query` maps term id to a weight (query-side
   * frequency times the term's importance).
   */
  scores(query: Map<number, number>, accept?: (doc: number) => boolean): Scored[] {
    const acc = new Map<number, number>()
    const { k1, b, avgLen } = this
    for (const [t, w] of query) {
      const n = this.df(t)
      if (n === 0) continue
      const idf = this.idf(t)
      const start = this.postStart[t] as number
      const end = this.postStart[t + 1] as number
      for (let p = start; p < end; p++) {
        const d = this.postDocs[p] as number
        const tf = this.postTf[p] as number
        const norm = tf + k1 * (1 - b + (b * (this.docLen[d] as number)) / avgLen)
        acc.set(d, (acc.get(d) ?? 0) + w * idf * ((tf * (k1 + 1)) / norm))
      }
    }
    const out: Scored[] = []
    for (const [doc, score] of acc) if (!accept || accept(doc)) out.push({ doc, score })
    return out
  }

  search(query: Map<number, number>, k: number, accept?: (doc: number) => boolean): Scored[] {
    return topK(this.scores(query, accept), k)
  }
}

export function topK(items: Scored[], k: number): Scored[] {
  return items.sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, k)
}

/** The largest share of `total` that one of the given documents of a forward index holds (term id → weight). */
export function bestShare(fwd: ForwardIndex, weight: Map<number, number>, total: number, docs: Iterable<number>): number {
  if (!total) return 0
  let best = 0
  for (const i of docs) {
    let got = 0
    for (let j = fwd.offsets[i] as number; j < (fwd.offsets[i + 1] as number); j++) got += weight.get(fwd.termIds[j] as number) ?? 0
    best = Math.max(best, got / total)
  }
  return best
}
