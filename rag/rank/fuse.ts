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

/**
 * Maps each item to its group (an article and its counterparts in other versions are one
 * provision) and keeps a group's first position only, so that evidence found on any version of a
 * provision adds up in the fusion instead of being split between its texts.
 *
 * @example byGroup([5, 1, 3], (x) => (x === 5 ? 1 : x)) // [1, 3]
 */
export function byGroup<T>(items: T[], groupOf: (x: T) => T): T[] {
  const out: T[] = []
  const seen = new Set<T>()
  for (const x of items) {
    const g = groupOf(x)
    if (seen.has(g)) continue
    seen.add(g)
    out.push(g)
  }
  return out
}

/** Connected groups of a symmetric "same item" relation; each member maps to the smallest member. */
export function groupsOf(links: Map<number, number[]>): Map<number, number> {
  const out = new Map<number, number>()
  for (const start of links.keys()) {
    if (out.has(start)) continue
    const group = [start]
    for (let k = 0; k < group.length; k++) for (const c of links.get(group[k] as number) ?? []) if (!group.includes(c)) group.push(c)
    const min = Math.min(...group)
    for (const m of group) out.set(m, min)
  }
  return out
}
