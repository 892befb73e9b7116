/**
 * Metadata of a source: from a catalog file beside the texts (manifest.json, one record per file),
 * from front matter, from the project's regulation catalog, and inferred from the text where all
 * of these are silent.
 *
 * @example normaliseStatus('已被2023年修订版取代') // '已被取代'
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { z } from 'zod'
import type { Catalog } from '../data/catalog.js'
import type { Level, SourceMeta, Status } from '../types.js'

/** One record of a knowledge-base catalog such as ../shared/corpus/manifest.json (extra fields ignored). */
export const ManifestEntrySchema = z.looseObject({
  file: z.string().min(1),
  kind: z.string().optional(),
  title: z.string().optional(),
  version_or_date: z.string().optional(),
  issuer: z.string().optional(),
  status: z.string().optional(),
  source_path: z.string().optional(),
  category: z.string().optional(),
  doc_number: z.string().optional(),
  level: z.string().optional(),
  /** Groups versions of one regulation when the project catalog does not know it. */
  family: z.string().optional(),
})
export type ManifestEntry = z.infer<typeof ManifestEntrySchema>

export const CATALOG_FILE = 'manifest.json'

export interface KbCatalog {
  root: string
  entries: Map<string, ManifestEntry>
  problems: string[]
}

/** Loads `manifest.json` of a knowledge-base folder; invalid records are reported, not fatal. */
export function loadKbCatalog(root: string): KbCatalog | undefined {
  const file = join(root, CATALOG_FILE)
  if (!existsSync(file)) return undefined
  const problems: string[] = []
  const entries = new Map<string, ManifestEntry>()
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    return { root, entries, problems: [`${file}：不是有效的 JSON（${(e as Error).message}），已忽略`] }
  }
  const list = Array.isArray(raw) ? raw : Array.isArray((raw as { files?: unknown })?.files) ? (raw as { files: unknown[] }).files : undefined
  if (!list) return { root, entries, problems: [`${file}：应为记录数组，已忽略`] }
  list.forEach((r, i) => {
    const p = ManifestEntrySchema.safeParse(r)
    if (p.success) entries.set(p.data.file.split('/').join(sep), p.data)
    else problems.push(`${file} 第 ${i + 1} 条记录无效：${p.error.issues.map((x) => `${x.path.join('.') || '（根）'} ${x.message}`).join('；')}`)
  })
  return { root, entries, problems }
}

export function catalogEntryFor(cat: KbCatalog | undefined, file: string): ManifestEntry | undefined {
  if (!cat) return undefined
  return cat.entries.get(relative(cat.root, file))
}

/** Maps free-text status notes onto the three statuses. */
export function normaliseStatus(text: string | undefined): Status {
  if (!text) return '现行有效'
  if (/废止|失效/.test(text)) return '已废止'
  if (/取代|已被.*(修订|修正|修改)|历史文件/.test(text)) return '已被取代'
  return '现行有效'
}

export function inferLevel(...texts: Array<string | undefined>): Level | undefined {
  const t = texts.filter(Boolean).join(' ')
  if (!t) return undefined
  if (/中央|全国|国家监察委员会|国家监委|国务院|中共中央|最高人民/.test(t)) return '中央'
  if (/[省区]纪委|省委|省监委|自治区|直辖市|[京津沪渝]市纪委/.test(t)) return '省'
  if (/[市州盟]纪委|市委|市监委|州委/.test(t)) return '市'
  if (/[县区旗]纪委|县委|区委|乡镇|街道/.test(t)) return '县'
  return undefined
}

/** First date in a text: 2019-01-01, 2019.1.1, 2019年1月1日, or a bare year. */
export function extractDate(text: string | undefined): string | undefined {
  if (!text) return undefined
  const m = /(\d{4})\s*[-年./]\s*(\d{1,2})(?:\s*[-月./]\s*(\d{1,2}))?/.exec(text)
  if (m) {
    const y = m[1] as string
    const mo = (m[2] as string).padStart(2, '0')
    if (Number(mo) < 1 || Number(mo) > 12) return y
    return m[3] ? `${y}-${mo}-${(m[3] as string).padStart(2, '0')}` : `${y}-${mo}`
  }
  const y = /(19|20)\d{2}/.exec(text)
  return y?.[0]
}

export function extractDocNumber(text: string | undefined): string | undefined {
  return text ? /[\u4e00-\u9fff]{1,8}[〔［[]\d{4}[〕］\]]\d+号/.exec(text)?.[0] : undefined
}

/** Latest year a document mentions (capped at `now`), a lower bound of when it was written. */
export function latestYearMentioned(text: string, nowYear: number): number | undefined {
  let best: number | undefined
  for (const m of text.matchAll(/((?:19|20)\d{2})\s*年/g)) {
    const y = Number(m[1])
    if (y <= nowYear && (best === undefined || y > best)) best = y
  }
  return best
}

export interface MetaInput {
  key: string
  file: string
  kind: SourceMeta['kind']
  /** Title from the first heading or line. */
  textTitle?: string
  /** Preamble or header of the text (题注, 来源 lines). */
  head: string
  front: Record<string, string>
  entry?: ManifestEntry
  catalog: Catalog
}

export function buildMeta(i: MetaInput): SourceMeta {
  const { entry, front, catalog } = i
  const known = catalog.stem(i.key)
  const title = entry?.title || front.title || i.textTitle || (known ? `${known.family.title}（${known.version.label}）` : i.key)
  const versionText = entry?.version_or_date || front.version || front.date || front['发布时间'] || undefined
  const statusText = entry?.status || front.status
  let status: Status = normaliseStatus(statusText)
  let statusNote = statusText && statusText !== status ? statusText : undefined
  if (known) {
    // The project's catalog knows more than a file's own note (e.g. a revision published later).
    status = known.version.status
    if (known.current) statusNote = `已被${known.current.label}版本取代（${known.current.effective ?? known.current.issued ?? ''}起施行）`.replace('（起施行）', '')
    else if (known.version.note) statusNote = known.version.note
  }
  const date = extractDate(versionText) ?? (known ? known.version.effective ?? known.version.issued : undefined) ?? extractDate(front.source_date) ?? extractDate(i.head.slice(0, 200))
  const issuer = entry?.issuer || front.issuer || front.source || known?.family.issuer
  const meta: SourceMeta = {
    key: i.key,
    kind: i.kind,
    title: title.replace(/_/g, ' ').trim(),
    status,
    file: i.file,
  }
  if (issuer) meta.issuer = issuer
  const docNumber = entry?.doc_number || front.doc_number || extractDocNumber(versionText) || extractDocNumber(i.head.slice(0, 300))
  if (docNumber) meta.docNumber = docNumber
  // The catalog's label ("2023年修订") says which version this is better than a page's date note.
  const version = known ? `${known.version.label}${known.version.effective ? `，${known.version.effective}起施行` : ''}` : versionText
  if (version) meta.version = version
  if (date) meta.date = date
  if (statusNote) meta.statusNote = statusNote
  const level = (entry?.level as Level | undefined) || (front.level as Level | undefined) || known?.family.level || inferLevel(issuer, title)
  if (level) meta.level = level
  const category = entry?.category || front.category || front.categories
  if (category) meta.category = category
  if (entry?.source_path) meta.sourcePath = entry.source_path
  const family = known?.family.id ?? entry?.family ?? front.family
  if (family) meta.family = family
  return meta
}

/** Walks up from a file to the knowledge-base root looking for a catalog. */
export function catalogRootFor(file: string, root: string): string | undefined {
  let dir = dirname(file)
  for (;;) {
    if (existsSync(join(dir, CATALOG_FILE))) return dir
    if (dir === root || dirname(dir) === dir || !dir.startsWith(root)) return undefined
    dir = dirname(dir)
  }
}
