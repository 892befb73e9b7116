/**
 * From paths to parsed sources: walks folders, reads each supported file, decides whether it is a
 * regulation (parsed into articles) or a practice document (cleaned and cut into passages), and
 * gathers its metadata. A bad file becomes a problem in the report; the batch goes on.
 *
 * @example const { sources, problems } = await parsePaths(['../shared/corpus'], { catalog })
 */
import { createHash } from 'node:crypto'
import { readdir, stat } from 'node:fs/promises'
import { basename, extname, join, resolve } from 'node:path'
import type { Catalog } from '../data/catalog.js'
import { IngestError } from '../errors.js'
import type { PassageId, ProvisionId, SourceMeta, Unit } from '../types.js'
import { type RawCitation, extractCitations } from './citations.js'
import { cleanDocument, htmlToText, parseFrontMatter, stripMarkdown } from './clean.js'
import { type Card, parseCardMeta } from '../data/handbook.js'
import { CARD_CATEGORY } from '../types.js'
import { looksLikeRegulation, parseLegalText } from './legal-structure.js'
import { isSupported, loadFile } from './loaders.js'
import { type KbCatalog, buildMeta, catalogEntryFor, catalogRootFor, loadKbCatalog } from './metadata.js'
import { articleLabel } from '../text/numerals.js'

export interface FileEntry {
  file: string
  root: string
  size: number
  mtimeMs: number
}

export interface ParsedSource {
  meta: SourceMeta
  units: Unit[]
  /** Raw citations per passage (documents only), resolved against the regulations at build time. */
  citations: RawCitation[][]
  /** Cleaning and decoding notes for the report. */
  fixes: string[]
  warnings: string[]
  /** sha256 of the file's bytes as read. */
  hash: string
}

export interface Problem {
  file: string
  reason: string
  level: 'error' | 'warning'
}

const IGNORED = /^(readme|license|changelog|manifest)(\.[a-z]+)?$/i

/** Lists supported files under the given paths (files are taken as given, folders walked). */
export async function scanPaths(paths: string[], problems: Problem[]): Promise<FileEntry[]> {
  const out: FileEntry[] = []
  const seen = new Set<string>()
  const visit = async (p: string, root: string, explicit: boolean): Promise<void> => {
    let st
    try {
      st = await stat(p)
    } catch {
      problems.push({ file: p, reason: '路径不存在或无法访问', level: 'error' })
      return
    }
    if (st.isDirectory()) {
      const names = (await readdir(p)).sort()
      for (const n of names) {
        if (n.startsWith('.') || n === 'node_modules') continue
        await visit(join(p, n), root, false)
      }
      return
    }
    if (!st.isFile()) return
    if (!explicit && IGNORED.test(basename(p))) return
    if (!isSupported(p)) {
      if (explicit || !/\.(json|jsonl|ya?ml|png|jpe?g|gif|csv|xlsx?)$/i.test(p)) {
        problems.push({ file: p, reason: `不支持的文件类型 ${extname(p) || '（无扩展名）'}，已跳过`, level: explicit ? 'error' : 'warning' })
      }
      return
    }
    if (seen.has(p)) return
    seen.add(p)
    out.push({ file: p, root, size: st.size, mtimeMs: st.mtimeMs })
  }
  for (const raw of paths) {
    const p = resolve(raw)
    await visit(p, p, true)
  }
  return out
}

/** Stable, unique source keys: the file stem, disambiguated by a short hash of the path on collision. */
export function assignKeys(files: FileEntry[]): Map<string, string> {
  const byStem = new Map<string, string[]>()
  for (const f of files) {
    const stem = basename(f.file, extname(f.file))
    byStem.set(stem, [...(byStem.get(stem) ?? []), f.file])
  }
  const keys = new Map<string, string>()
  for (const [stem, list] of byStem) {
    list.sort()
    list.forEach((file, i) => {
      keys.set(file, i === 0 ? stem : `${stem}~${createHash('sha1').update(file).digest('hex').slice(0, 6)}`)
    })
  }
  return keys
}

export interface ParseContext {
  catalog: Catalog
  /** Regulation names to scan for in documents without 《》. */
  bareNames: readonly string[]
  kbCatalogs: Map<string, KbCatalog | undefined>
}

function kbCatalogFor(ctx: ParseContext, entry: FileEntry, problems: Problem[]): KbCatalog | undefined {
  const dir = catalogRootFor(entry.file, entry.root)
  if (!dir) return undefined
  if (!ctx.kbCatalogs.has(dir)) {
    const cat = loadKbCatalog(dir)
    for (const p of cat?.problems ?? []) problems.push({ file: join(dir, 'manifest.json'), reason: p, level: 'warning' })
    ctx.kbCatalogs.set(dir, cat)
  }
  return ctx.kbCatalogs.get(dir)
}

function firstHeading(text: string): string | undefined {
  for (const line of text.split('\n').slice(0, 12)) {
    const t = line.trim()
    if (!t) continue
    const h = /^#{1,3}\s+(.+)$/.exec(t)
    if (h) return (h[1] as string).trim()
    if (t.length <= 60 && !/[。；]$/.test(t)) return t
    return undefined
  }
  return undefined
}

export async function parseSource(entry: FileEntry, key: string, ctx: ParseContext, problems: Problem[]): Promise<ParsedSource> {
  const loaded = await loadFile(entry.file)
  const hash = createHash('sha256').update(loaded.text).digest('hex')
  const kb = kbCatalogFor(ctx, entry, problems)
  const kbEntry = catalogEntryFor(kb, entry.file)
  const fm = parseFrontMatter(loaded.text.replace(/\r\n?/g, '\n'))
  const known = ctx.catalog.stem(key)
  const declared = kbEntry?.kind ?? fm.meta.kind
  let body = loaded.format === 'html' ? htmlToText(fm.body) : fm.body
  const isRegulation =
    declared === 'regulation' || (declared === undefined && (known !== undefined || looksLikeRegulation(body)))

  if (isRegulation) {
    body = stripMarkdown(body)
    const parsed = parseLegalText(body)
    if (parsed.articles.length === 0) throw new IngestError('FILE_EMPTY', entry.file, '标为法规，但没有找到任何“第X条”')
    const textTitle = firstHeading(parsed.preamble)
    const meta = buildMeta({ key, file: entry.file, kind: 'regulation', textTitle, head: parsed.preamble, front: fm.meta, entry: kbEntry, catalog: ctx.catalog })
    const seen = new Set<number>()
    const units: Unit[] = []
    for (const a of parsed.articles) {
      if (seen.has(a.n)) continue
      seen.add(a.n)
      const crumbs = [`《${shortBookTitle(meta.title)}》`, ...[a.part, a.chapter, a.section].map((h) => h && (h.label || h.name)), articleLabel(a.n)].filter(Boolean)
      const heading = [a.part, a.chapter, a.section].filter(Boolean).map((h) => `${h!.label} ${h!.name}`.trim()).join(' ')
      units.push({
        ...(heading ? { heading } : {}),
        id: `${key}#${a.n}` as ProvisionId,
        source: key,
        kind: 'article',
        article: a.n,
        breadcrumb: crumbs.join(' '),
        text: a.text,
        clauses: a.clauses.map((c) => [c.text, ...c.items].join('\n')),
      })
    }
    const gaps = parsed.articles.length && parsed.articles[parsed.articles.length - 1]!.n !== units.length
    return { meta, units, citations: [], fixes: gaps ? ['条号不连续，请核对原文'] : [], warnings: loaded.warnings, hash }
  }

  const cleaned = cleanDocument(loaded.format === 'html' ? fm.body : loaded.text)
  if (cleaned.body.replace(/\s/g, '').length < 20) throw new IngestError('FILE_EMPTY', entry.file, '清理后正文不足 20 字')
  const textTitle = firstHeading(cleaned.body)
  const front = { ...cleaned.meta }
  const isCard = front.kind === 'card'
  let card: Card | undefined
  if (isCard) {
    const parsed = parseCardMeta(front, cleaned.lists)
    if (!parsed.card) throw new IngestError('CATALOG_INVALID', entry.file, parsed.problem)
    card = parsed.card
    front.category = CARD_CATEGORY
  }
  const meta = buildMeta({ key, file: entry.file, kind: 'document', textTitle, head: cleaned.body.slice(0, 300), front, entry: kbEntry, catalog: ctx.catalog })
  if (card) {
    meta.basis = card.basis as ProvisionId[]
    if (card.limits.length) meta.limits = card.limits
  }
  const docBody = cleaned.body.replace(/^#{1,6}\s+/gm, '')
  const chunks = chunkText(docBody)
  const all = extractCitations(docBody, ctx.bareNames)
  const units: Unit[] = chunks.map((c, i) => ({
    id: `${key}@${i + 1}` as PassageId,
    source: key,
    kind: 'passage',
    breadcrumb: `《${meta.title}》${chunks.length > 1 ? ` 第${i + 1}段` : ''}`,
    text: c.text,
  }))
  const citations = chunks.map((c) => all.filter((r) => r.pos >= c.start && r.pos < c.end))
  return { meta, units, citations, fixes: cleaned.fixes, warnings: loaded.warnings, hash }
}

/** "中国共产党纪律处分条例（2023年修订）" keeps its year: the breadcrumb must say which version. */
function shortBookTitle(title: string): string {
  return title.replace(/^《|》$/g, '')
}

export interface Chunk {
  text: string
  start: number
  end: number
}

/** Cuts a document into passages at paragraph (then sentence) boundaries, about 250–700 characters. */
export function chunkText(body: string, target = 380, max = 700): Chunk[] {
  const paras: Chunk[] = []
  let pos = 0
  for (const line of body.split('\n')) {
    const start = body.indexOf(line, pos)
    pos = start + line.length
    const t = line.trim()
    if (!t) continue
    if (t.length <= max) {
      paras.push({ text: t, start, end: pos })
      continue
    }
    // Long paragraph: split after sentence ends.
    let s = 0
    const sentences = t.match(/[^。！？；]+[。！？；”]*|[^。！？；]+$/g) ?? [t]
    let buf = ''
    for (const sen of sentences) {
      if (buf.length + sen.length > max && buf) {
        paras.push({ text: buf, start: start + s, end: start + s + buf.length })
        s += buf.length
        buf = ''
      }
      buf += sen
    }
    if (buf) paras.push({ text: buf, start: start + s, end: start + s + buf.length })
  }
  const out: Chunk[] = []
  for (const p of paras) {
    const cur = out[out.length - 1]
    if (cur && cur.text.length < target && cur.text.length + p.text.length <= max) {
      cur.text += '\n' + p.text
      cur.end = p.end
    } else out.push({ ...p })
  }
  // A tiny tail joins the previous passage.
  const last = out[out.length - 1]
  const prev = out[out.length - 2]
  if (last && prev && last.text.length < 80 && prev.text.length + last.text.length <= max + 100) {
    prev.text += '\n' + last.text
    prev.end = last.end
    out.pop()
  }
  return out
}

