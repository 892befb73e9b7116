/**
 * Vector store over hnswlib-node (the only importer of it). Cosine space; labels are the unit's
 * position in the index. Reports similarities (1 - distance), not distances.
 *
 * @example const s = VectorStore.build(256, rows, labels); s.search(q, 10)
 */
import hnswlib from 'hnswlib-node'

export interface VectorHit {
  label: number
  similarity: number
}

export class VectorStore {
  private constructor(
    private readonly index: InstanceType<typeof hnswlib.HierarchicalNSW>,
    readonly dim: number,
    readonly count: number,
  ) {}

  /** Builds from `labels.length` rows of `data` (row-major, dim floats each). */
  static build(dim: number, data: Float32Array, rows: ArrayLike<number>): VectorStore {
    const index = new hnswlib.HierarchicalNSW('cosine', dim)
    const n = rows.length
    index.initIndex(Math.max(1, n), 16, 100, 42)
    for (let k = 0; k < n; k++) {
      const row = rows[k] as number
      const v = data.subarray(row * dim, (row + 1) * dim)
      index.addPoint(Array.from(v), row)
    }
    index.setEf(64)
    return new VectorStore(index, dim, n)
  }

  static load(file: string, dim: number): VectorStore {
    const index = new hnswlib.HierarchicalNSW('cosine', dim)
    index.readIndexSync(file)
    index.setEf(64)
    return new VectorStore(index, dim, index.getCurrentCount())
  }

  save(file: string): void {
    this.index.writeIndexSync(file)
  }

  search(query: ArrayLike<number>, k: number, accept?: (label: number) => boolean): VectorHit[] {
    if (this.count === 0) return []
    const n = Math.min(k, this.count)
    const res = this.index.searchKnn(Array.from(query), n, accept)
    return res.neighbors.map((label, i) => ({ label, similarity: 1 - (res.distances[i] as number) }))
  }
}
