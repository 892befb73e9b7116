/**
 * The regulation catalog written by the project (regulations/catalog.json): full titles, the short
 * names people use, and every known version with its dates and status. Used for exact lookup
 * ("规则第29条"), for version marking in citations, and to say that a newer version exists.
 *
 * @example catalog.resolveName('党纪处分条例')?.id // 'jilv-chufen-tiaoli'
 */
import { issueLines } from './json-files.js'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { RagError } from '../errors.js'
import { LEVELS, STATUSES, type Status } from '../types.js'

const DateLike = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, '日期格式应为 YYYY、YYYY-MM 或 YYYY-MM-DD')

export const VersionSchema = z.object({
  label: z.string().min(1),
  stem: z.string().regex(/^[\w.-]+$/).optional(),
  issued: DateLike.optional(),
  effective: DateLike.optional(),
  status: z.enum(STATUSES),
  supersededBy: z.string().optional(),
  note: z.string().optional(),
})

export const FamilySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(2),
  aliases: z.array(z.string().min(1)),
  /** Words of a question that make this regulation the natural place to look ("问责" → 问责条例). */
  topics: z.array(z.string().min(2)).optional(),
  issuer: z.string().optional(),
  level: z.enum(LEVELS).optional(),
  versions: z.array(VersionSchema).min(1),
})

export const CatalogSchema = z.object({
  $comment: z.string().optional(),
  families: z.array(FamilySchema),
})

export type Family = z.infer<typeof FamilySchema>
export type Version = z.infer<typeof VersionSchema>

export interface StemInfo {
  family: Family
  version: Version
  /** The version in force in the same family, when it is a different one. */
  current?: Version
}

/** Strips the parts of a title people leave out: 中华人民共和国, 中国共产党, （试行）, years. */
export function shortTitle(title: string): string {
  return title
    .replace(/[《》]/g, '')
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/^(中华人民共和国|中国共产党)/, '')
    .trim()
}

export class Catalog {
  readonly families: Family[]
  /** Identifies the catalog's content; stored in the index manifest so that a change re-reads regulations. */
  readonly hash: string
  private readonly byStem = new Map<string, StemInfo>()
  private readonly names: Array<[string, Family]> = []

  constructor(data: z.infer<typeof CatalogSchema>) {
    this.families = data.families
    this.hash = createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 12)
    for (const f of data.families) {
      const current = [...f.versions].reverse().find((v) => v.status === '现行有效')
      for (const v of f.versions) {
        if (v.stem) this.byStem.set(v.stem, { family: f, version: v, current: current && current !== v ? current : undefined })
      }
      for (const n of new Set([f.title, shortTitle(f.title), ...f.aliases])) this.names.push([n, f])
    }
    // Longest names first so that 监察法实施条例 wins over 监察法.
    this.names.sort((a, b) => b[0].length - a[0].length)
  }

  static load(file: string): Catalog {
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'))
    } catch (cause) {
      throw new RagError('CATALOG_INVALID', `目录文件无法读取：${file}`, { cause })
    }
    const parsed = CatalogSchema.safeParse(raw)
    if (!parsed.success) {
      throw new RagError('CATALOG_INVALID', `目录文件 ${file} 格式错误（${parsed.error.issues.length} 处）：\n${issueLines(parsed.error.issues)}`)
    }
    return new Catalog(parsed.data)
  }

  stem(stem: string): StemInfo | undefined {
    return this.byStem.get(stem)
  }

  /** Exact name or alias (with or without 《》). */
  resolveName(name: string): Family | undefined {
    const n = name.replace(/[《》\s]/g, '')
    return this.names.find(([alias]) => alias === n)?.[1]
  }

  /** Every alias, longest first, for scanning free text. */
  aliases(): ReadonlyArray<readonly [string, Family]> {
    return this.names
  }

  /** Every topic word with its family, longest first. */
  topics(): Array<readonly [string, Family]> {
    return this.families.flatMap((f) => (f.topics ?? []).map((t) => [t, f] as const)).sort((a, b) => b[0].length - a[0].length)
  }

  family(id: string): Family | undefined {
    return this.families.find((f) => f.id === id)
  }

  /** The stem of the version of `family` that was in force on `date` (YYYY…), among versions with a stem. */
  versionAt(family: Family, date: string): Version | undefined {
    const withStem = family.versions.filter((v) => v.stem)
    let pick: Version | undefined
    for (const v of withStem) {
      const from = v.effective ?? v.issued
      if (!from || from.slice(0, date.length) <= date.slice(0, from.length)) pick = v
    }
    return pick ?? withStem[0]
  }

  statusOf(stem: string): Status | undefined {
    return this.byStem.get(stem)?.version.status
  }
}
