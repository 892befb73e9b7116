/** Ranking metrics of ../shared/eval/PROTOCOL.md, shared by `npm run eval` and `npm run bench`. */

export interface Ranked {
  /** Rank of the first relevant item (1-based), Infinity when absent from the top 10. */
  r: number
  source?: string
}

export const round = (x: number, d = 4): number => Math.round(x * 10 ** d) / 10 ** d

/** Nearest-rank percentile. */
export function percentile(xs: number[], p: number): number {
  if (!xs.length) return 0
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number
}

export function rankMetrics(list: Ranked[]) {
  const n = list.length || 1
  const hit = (k: number) => round(list.filter((x) => x.r <= k).length / n)
  return {
    questions: list.length,
    'hit@1': hit(1),
    'hit@3': hit(3),
    'hit@5': hit(5),
    'hit@10': hit(10),
    mrr: round(list.reduce((s, x) => s + (x.r === Infinity ? 0 : 1 / x.r), 0) / n),
  }
}

export function bySource(list: Ranked[]): Record<string, ReturnType<typeof rankMetrics>> {
  const out: Record<string, ReturnType<typeof rankMetrics>> = {}
  for (const s of new Set(list.map((x) => x.source).filter(Boolean))) out[s as string] = rankMetrics(list.filter((x) => x.source === s))
  return out
}
