/**
 * Parallel provisions across sanction systems: the same behaviour is a violation of party
 * discipline for a party member (《纪律处分条例》第二编), an illegal act for a public servant
 * (《政务处分法》第三章) and, for a manager of a state-owned enterprise, an act under the 国有企业
 * 管理人员处分条例. `regulations/correspondence/*.json`, written by the project from the texts, says
 * which article of one covers the behaviour of an article of the other.
 *
 * Chat questions describe the behaviour and then say who did it ("非党员的科长收了购物卡，政务处分
 * 按哪条？"). The behaviour's words match the 条例 article, whose catalogue entry is specific; the
 * 政务处分法 article lists a dozen behaviours in one sentence and matches poorly. So the question's
 * frame (who the person is, which sanction is asked for) decides which system's article leads, and
 * the evidence found for the behaviour is carried over to its parallel.
 *
 * @example new Parallels(files).of('jilv-chufen-tiaoli-2023#97', 'zhengwu') // ['zhengwu-chufen-fa-2020#34']
 */
import { z } from 'zod'
import { RagError } from '../errors.js'
import { duplicates, loadNamedJsonFolder } from '../data/json-files.js'
import type { Ranked } from './versions.js'

export const SYSTEMS = ['zhengwu', 'guoqi'] as const
export type System = (typeof SYSTEMS)[number]

const PairSchema = z.object({
  article: z.number().int().positive(),
  zhengwu: z.array(z.number().int().positive()).default([]),
  guoqi: z.array(z.number().int().positive()).default([]),
  why: z.string().min(1).max(24),
})

export const CorrespondenceSchema = z.object({
  from: z.string().regex(/^[a-z0-9-]+$/),
  /** The regulation of each system, by system name (a list by position mislabelled every pair when two were swapped). */
  to: z.strictObject({ zhengwu: z.string().regex(/^[a-z0-9-]+$/), guoqi: z.string().regex(/^[a-z0-9-]+$/) }),
  pairs: z.array(PairSchema),
})

export class Parallels {
  private readonly map = new Map<string, Record<System, string[]>>()

  /** `names`: the file each entry of `files` came from, for messages. */
  constructor(files: Array<z.infer<typeof CorrespondenceSchema>>, names: readonly string[] = []) {
    const all = files.flatMap((f, k) => f.pairs.map((p, i) => ({ id: `${f.from}#${p.article}`, at: `${names[k] ?? f.from} pairs.${i}` })))
    const twice = duplicates(all, (x) => x.id)
    if (twice.length) throw new RagError('CATALOG_INVALID', `条文对应表中有重复的条文：${twice.slice(0, 10).map((d) => `${d.key}（${d.at.map((i) => all[i]?.at).join('、')}）`).join('；')}`)
    for (const f of files) {
      for (const p of f.pairs) {
        const entry = {} as Record<System, string[]>
        for (const s of SYSTEMS) entry[s] = p[s].map((n) => `${f.to[s]}#${n}`)
        this.map.set(`${f.from}#${p.article}`, entry)
      }
    }
  }

  static empty(): Parallels {
    return new Parallels([])
  }

  /** Loads every *.json of a folder (a missing folder: no parallels). */
  static load(dir: string): Parallels {
    const files = loadNamedJsonFolder(dir, CorrespondenceSchema, '条文对应表')
    return new Parallels(files.map((f) => f.data), files.map((f) => f.file))
  }


  /** Articles of `system` covering the behaviour of article `id` (a 条例 2023 article id). */
  of(id: string, system: System): string[] {
    return this.map.get(id)?.[system] ?? []
  }

  /** The table lists article `id` (possibly with no parallel: a party-internal behaviour). */
  has(id: string): boolean {
    return this.map.has(id)
  }

  /** Every article id that has parallels. */
  sources(): string[] {
    return [...this.map.keys()]
  }

  get size(): number {
    return this.map.size
  }
}

/**
 * Carries the evidence for a behaviour over to its parallels in the system the frame names: each
 * parallel takes at least `lead` times the score of the best article it parallels (above it when
 * `lead` > 1), among the first `window` results. Pure: `parallelsOf` gives the unit indexes.
 */
export function carryOver(list: Ranked[], parallelsOf: (idx: number) => number[], lead: number, window = 30): Ranked[] {
  if (lead <= 0) return list
  const out = new Map(list.map((x) => [x.idx, x]))
  for (const x of list.slice(0, window)) {
    for (const p of parallelsOf(x.idx)) {
      const cur = out.get(p)
      const score = x.score * lead
      if (!cur) out.set(p, { idx: p, score, via: ['parallel'] })
      else if (cur.score < score) out.set(p, { ...cur, score, via: [...cur.via, 'parallel'] })
    }
  }
  return [...out.values()].sort((a, b) => b.score - a.score)
}
