/**
 * Reciprocal rank fusion: combines rankings by position, not by their incomparable raw scores.
 * Each ranking may carry a weight.
 *
 * @example rrf([{ items: ['a', 'b'] }, { items: ['b'] }])[0] // { id: 'b', score: … }
 */
export interface Ranking<T> {
  name: string
  items: T[]
  weight?: number
}

export interface Fused<T> {
  id: T
  score: number
  via: string[]
}

export function rrf<T>(rankings: Array<Ranking<T>>, k = 60): Array<Fused<T>> {
  const acc = new Map<T, Fused<T>>()
  for (const r of rankings) {
    const w = r.weight ?? 1
    r.items.forEach((id, i) => {
      const cur = acc.get(id) ?? { id, score: 0, via: [] }
      cur.score += w / (k + i + 1)
      cur.via.push(r.name)
      acc.set(id, cur)
    })
  }
  return [...acc.values()].sort((a, b) => b.score - a.score)
}
