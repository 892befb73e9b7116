/**
 * The index as a build artifact: built from the knowledge-base folders, persisted in a data folder
 * with a manifest (schema version, tokenizer and embedding ids, one record per source with its
 * size, mtime and content hash), loaded on restart instead of rebuilt. When sources change only
 * those files are parsed, tokenized and embedded again. A stored index built with another
 * tokenizer, embedding model or schema is refused with a clear message.
 *
 * Writes go to a temporary folder that replaces the old one only when complete, so a failure
 * leaves the previous index intact.
 *
 * @example const { index, report } = await syncIndex(dir, ['../shared/corpus'], deps)
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { Catalog } from '../data/catalog.js'
import type { NamedEmbeddings } from './embedding.js'
import { IndexMismatchError, IngestError, RagError } from '../errors.js'
import { type RawCitation } from '../ingest/citations.js'
import { type FileEntry, type ParseContext, type ParsedSource, type Problem, assignKeys, parseSource, scanPaths } from '../ingest/pipeline.js'
import { KnowledgeIndex, alignVersions, findNearDuplicates, makeCitationResolver, sketch } from './knowledge.js'
import { ForwardIndex, Vocabulary } from './lexical.js'
import { articleIdOf } from '../query/lookup.js'
import type { Tokenizer } from './tokenize.js'
import type { ProvisionId, SourceMeta, Unit } from '../types.js'
import { VectorStore } from './vector.js'

export const SCHEMA_VERSION = 6

export interface IndexDeps {
  catalog: Catalog
  tokenizer: Tokenizer
  embeddings: NamedEmbeddings
  now: () => Date
  /** Progress lines for the CLI (no document text). */
  progress?: (line: string) => void
}

const ManifestSchema = z.object({
  schema: z.number(),
  tokenizer: z.string(),
  catalog: z.string(),
  embedding: z.object({ id: z.string(), dim: z.number().int().positive() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  roots: z.array(z.string()),
  counts: z.object({ sources: z.number(), units: z.number(), articles: z.number(), passages: z.number() }),
  sources: z.array(
    z.object({ key: z.string(), file: z.string(), size: z.number(), mtimeMs: z.number(), hash: z.string(), units: z.number() }),
  ),
})
export type Manifest = z.infer<typeof ManifestSchema>

/** What is kept per source besides its units. */
interface StoredSource {
  meta: SourceMeta
  sketch?: number[]
  raws?: RawCitation[][]
  fixes: string[]
  warnings: string[]
}

export interface SyncReport {
  files: number
  added: string[]
  updated: string[]
  removed: string[]
  unchanged: number
  duplicates: Array<[string, string]>
  problems: Problem[]
  fixes: Array<{ file: string; fixes: string[] }>
  counts: Manifest['counts']
  rebuilt: boolean
  saved: boolean
  ms: number
}

interface Stored {
  manifest: Manifest
  sources: StoredSource[]
  units: Unit[]
  vocab: Vocabulary
  fwd: ForwardIndex
  vectors: Float32Array
  aligned: Array<[number, number]>
}

const readJson = (dir: string, name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'))

function checkCompat(m: Manifest, deps: IndexDeps): void {
  if (m.schema !== SCHEMA_VERSION) throw new IndexMismatchError('索引格式版本', String(m.schema), String(SCHEMA_VERSION))
  if (m.tokenizer !== deps.tokenizer.id) throw new IndexMismatchError('分词器', m.tokenizer, deps.tokenizer.id)
  if (m.embedding.id !== deps.embeddings.id) throw new IndexMismatchError('向量模型', m.embedding.id, deps.embeddings.id)
  if (m.embedding.dim !== deps.embeddings.dim) throw new IndexMismatchError('向量维度', String(m.embedding.dim), String(deps.embeddings.dim))
}

export function readManifest(dir: string): Manifest | undefined {
  if (!existsSync(join(dir, 'manifest.json'))) return undefined
  const parsed = ManifestSchema.safeParse(readJson(dir, 'manifest.json'))
  if (!parsed.success) throw new RagError('INDEX_CORRUPT', `索引清单 ${join(dir, 'manifest.json')} 无法识别，请加 --rebuild 重建`)
  return parsed.data
}

function loadStored(dir: string, deps: IndexDeps): Stored | undefined {
  const manifest = readManifest(dir)
  if (!manifest) return undefined
  checkCompat(manifest, deps)
  try {
    const bin = readFileSync(join(dir, 'fwd.bin'))
    const head = new Uint32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + 8))
    const nOff = head[0] as number
    const nTerms = head[1] as number
    let at = bin.byteOffset + 8
    const take = (bytes: number) => {
      const b = bin.buffer.slice(at, at + bytes)
      at += bytes
      return b
    }
    const offsets = new Uint32Array(take(nOff * 4))
    const termIds = new Uint32Array(take(nTerms * 4))
    const tfs = new Uint16Array(take(nTerms * 2))
    const vbuf = readFileSync(join(dir, 'vectors.bin'))
    const vectors = new Float32Array(vbuf.buffer.slice(vbuf.byteOffset, vbuf.byteOffset + vbuf.byteLength))
    const units = readJson(dir, 'units.json') as Unit[]
    if (units.length !== nOff - 1 || vectors.length !== units.length * manifest.embedding.dim) throw new Error('size mismatch')
    return {
      manifest,
      sources: readJson(dir, 'sources.json') as StoredSource[],
      units,
      vocab: new Vocabulary(readJson(dir, 'vocab.json') as string[]),
      fwd: new ForwardIndex(offsets, termIds, tfs),
      vectors,
      aligned: readJson(dir, 'aligned.json') as Array<[number, number]>,
    }
  } catch (cause) {
    throw new RagError('INDEX_CORRUPT', `索引文件损坏（${dir}），请加 --rebuild 重建`, { cause })
  }
}

/** Builds a query-ready index from stored arrays, reusing the saved HNSW graphs when present. */
function assemble(s: Omit<Stored, 'manifest'>, dim: number, dir?: string): KnowledgeIndex {
  const articleRows: number[] = []
  const passageRows: number[] = []
  s.units.forEach((u, i) => (u.kind === 'article' ? articleRows : passageRows).push(i))
  const load = (name: string, rows: number[]) =>
    dir && existsSync(join(dir, name)) ? VectorStore.load(join(dir, name), dim) : VectorStore.build(dim, s.vectors, rows)
  return new KnowledgeIndex({
    sources: s.sources.map((x) => x.meta),
    units: s.units,
    vocab: s.vocab,
    fwd: s.fwd,
    vectors: s.vectors,
    dim,
    vecArticles: load('hnsw-articles.bin', articleRows),
    vecPassages: load('hnsw-passages.bin', passageRows),
    aligned: s.aligned,
  })
}

/** Loads the stored index without looking at the sources (fast path for benchmarks and tools). */
export function loadIndex(dir: string, deps: IndexDeps): KnowledgeIndex {
  const stored = loadStored(dir, deps)
  if (!stored) throw new RagError('INDEX_MISSING', `索引不存在：${dir}。请先运行 npm run ingest`)
  return assemble(stored, stored.manifest.embedding.dim, dir)
}

/**
 * What is tokenized for a unit. Articles: the chapter names and the text, not the regulation's
 * title (a title word in every article of a regulation drowns the article that answers). Passages:
 * the document title and the text (titles of practice articles are often the question itself).
 */
function indexText(meta: SourceMeta, u: Unit): string {
  return u.kind === 'article' ? `${u.heading ?? ''}\n${u.text}` : `${meta.title}\n${u.text}`
}

async function embedAll(texts: string[], e: NamedEmbeddings): Promise<Float32Array> {
  const out = new Float32Array(texts.length * e.dim)
  const vector = e.vector?.bind(e)
  if (vector) {
    texts.forEach((t, i) => out.set(vector(t), i * e.dim))
    return out
  }
  const batch = 64
  for (let i = 0; i < texts.length; i += batch) {
    let vs: number[][]
    try {
      vs = await e.embedDocuments(texts.slice(i, i + batch))
    } catch (cause) {
      throw new RagError('EMBEDDING_FAILED', `向量服务调用失败：${(cause as Error).message}`, { cause })
    }
    vs.forEach((v, j) => {
      if (v.length !== e.dim) throw new RagError('EMBEDDING_FAILED', `向量维度为 ${v.length}，配置为 ${e.dim}`)
      out.set(v, (i + j) * e.dim)
    })
  }
  return out
}

/** Every stored record has one manifest entry of its key, each source holds the units the manifest says, and only duplicates hold none. */
function consistent(p: Stored): boolean {
  const keys = p.sources.map((x) => x.meta.key)
  const inManifest = new Map(p.manifest.sources.map((x) => [x.key, x.units]))
  if (new Set(keys).size !== keys.length || keys.length !== inManifest.size || keys.some((k) => !inManifest.has(k))) return false
  const held = new Map<string, number>()
  for (const u of p.units) held.set(u.source, (held.get(u.source) ?? 0) + 1)
  for (const [k, n] of inManifest) if ((held.get(k) ?? 0) !== n) return false
  // A source without units is exactly a near-duplicate.
  for (const x of p.sources) if ((inManifest.get(x.meta.key) === 0) !== !!x.meta.duplicateOf) return false
  return true
}

export interface SyncOptions {
  rebuild?: boolean
  /** Persist the result (default true). */
  save?: boolean
}

/**
 * Brings the index in `dir` up to date with the files under `paths` and returns it. Unchanged
 * sources are taken from the stored index; new or changed ones are parsed; vanished ones removed.
 */
export async function syncIndex(dir: string, paths: string[], deps: IndexDeps, o: SyncOptions = {}): Promise<{ index: KnowledgeIndex; report: SyncReport }> {
  const t0 = performance.now()
  const problems: Problem[] = []
  const files = await scanPaths(paths, problems)
  const keys = assignKeys(files)
  const stored0 = o.rebuild ? undefined : loadStored(dir, deps)
  // An index whose records disagree with its manifest (saved by an incremental build before the
  // pairing fix below) cannot be patched: it is rebuilt, and the report says why.
  const prev = stored0 && consistent(stored0) ? stored0 : undefined
  if (stored0 && !prev) problems.push({ file: dir, reason: '索引记录与清单不一致，已从头重建', level: 'warning' })
  // Stored records are paired with the manifest by key, never by position: the stored list puts
  // near-duplicates last, the manifest keeps file order (pairing by position once gave a regulation
  // a document's record, so it was taken for a duplicate and its articles vanished).
  const storedByKey = new Map((prev?.sources ?? []).map((s) => [s.meta.key, s]))
  const prevByKey = new Map(
    (prev?.manifest.sources ?? []).flatMap((s) => {
      const stored = storedByKey.get(s.key)
      return stored ? [[s.key, { rec: s, stored }] as const] : []
    }),
  )
  const prevUnitsBySource = new Map<string, number[]>()
  prev?.units.forEach((u, i) => prevUnitsBySource.set(u.source, [...(prevUnitsBySource.get(u.source) ?? []), i]))

  const catalogChanged = prev !== undefined && prev.manifest.catalog !== deps.catalog.hash
  const ctx: ParseContext = {
    catalog: deps.catalog,
    bareNames: deps.catalog.aliases().map(([n]) => n).filter((n) => n.length >= 3),
    kbCatalogs: new Map(),
  }
  const report: SyncReport = {
    files: files.length, added: [], updated: [], removed: [], unchanged: 0, duplicates: [], problems,
    fixes: [], counts: { sources: 0, units: 0, articles: 0, passages: 0 }, rebuilt: !prev, saved: false, ms: 0,
  }

  type Item = { entry: FileEntry; key: string; stored: StoredSource; hash: string; units: Unit[]; reuse?: number[] }
  const items: Item[] = []
  let done = 0
  for (const entry of files) {
    const key = keys.get(entry.file) as string
    const old0 = prevByKey.get(key)
    // Regulation metadata comes partly from the project's catalog: a changed catalog re-reads them.
    const old = old0 && catalogChanged && old0.stored.meta.kind === 'regulation' ? undefined : old0
    if (old && old.rec.file === entry.file && old.rec.size === entry.size && old.rec.mtimeMs === entry.mtimeMs) {
      const idx = prevUnitsBySource.get(key) ?? []
      items.push({ entry, key, stored: old.stored, hash: old.rec.hash, units: idx.map((i) => prev!.units[i] as Unit), reuse: idx })
      report.unchanged++
      continue
    }
    let parsed: ParsedSource
    try {
      parsed = await parseSource(entry, key, ctx, problems)
    } catch (e) {
      if (e instanceof IngestError) {
        problems.push({ file: entry.file, reason: e.message, level: 'error' })
        continue
      }
      problems.push({ file: entry.file, reason: `无法处理：${(e as Error).message}`, level: 'error' })
      continue
    }
    for (const w of parsed.warnings) problems.push({ file: entry.file, reason: w, level: 'warning' })
    if (parsed.fixes.length) report.fixes.push({ file: entry.file, fixes: parsed.fixes })
    if (old && old.rec.hash === parsed.hash && old.rec.file === entry.file) {
      const idx = prevUnitsBySource.get(key) ?? []
      items.push({ entry, key, stored: old.stored, hash: parsed.hash, units: idx.map((i) => prev!.units[i] as Unit), reuse: idx })
      report.unchanged++
    } else {
      const stored: StoredSource = { meta: parsed.meta, fixes: parsed.fixes, warnings: parsed.warnings }
      if (parsed.meta.kind === 'document') {
        stored.sketch = sketch(parsed.units.map((u) => u.text).join('\n'))
        stored.raws = parsed.citations
      }
      items.push({ entry, key, stored, hash: parsed.hash, units: parsed.units })
      ;(old0 ? report.updated : report.added).push(entry.file)
    }
    if (++done % 200 === 0) deps.progress?.(`已解析 ${done} 个文件…`)
  }
  const present = new Set(items.map((i) => i.key))
  for (const [key, v] of prevByKey) if (!present.has(key)) report.removed.push(v.rec.file)

  // Nothing changed since the last build: load the stored index as it is (HNSW graphs included).
  if (prev && report.unchanged === items.length && report.removed.length === 0 && items.length === prev.manifest.sources.length) {
    report.counts = prev.manifest.counts
    report.ms = Math.round(performance.now() - t0)
    return { index: assemble(prev, prev.manifest.embedding.dim, dir), report }
  }

  // Near-duplicate documents: the later one (by path order) is kept out of the index.
  for (const it of items) delete it.stored.meta.duplicateOf
  // The copy a catalog lists is the original; otherwise the first by key.
  const docs = items
    .filter((i) => i.stored.meta.kind === 'document' && i.stored.sketch)
    .sort((a, b) => Number(!a.stored.meta.sourcePath) - Number(!b.stored.meta.sourcePath) || a.key.localeCompare(b.key))
  report.duplicates = findNearDuplicates(docs.map((d) => ({ key: d.key, sketch: d.stored.sketch as number[] })))
  const dupOf = new Map(report.duplicates)
  for (const it of items) {
    const d = dupOf.get(it.key)
    if (d) it.stored.meta.duplicateOf = d
  }
  const live = items.filter((i) => !i.stored.meta.duplicateOf)

  // Citations from documents to articles are resolved again on every build: a changed regulation
  // can change which version a document's citation points to. It is regex work, not tokenizing.
  const allSources = live.map((i) => i.stored.meta)
  const units: Unit[] = []
  const origin: Array<number | undefined> = []
  for (const it of live) {
    it.units.forEach((u, j) => {
      units.push(u)
      origin.push(it.reuse?.[j])
    })
  }
  {
    const resolve = makeCitationResolver({ catalog: deps.catalog, sources: allSources, units, nowYear: deps.now().getUTCFullYear() })
    const articleIds = new Set(units.filter((u) => u.kind === 'article').map((u) => u.id as string))
    let at = 0
    for (const it of live) {
      const raws = it.stored.raws
      const n = it.units.length
      // A procedure card names its basis explicitly; those count as citations of every passage.
      const basis = (it.stored.meta.basis ?? []).map(articleIdOf).filter((b) => articleIds.has(b)) as ProvisionId[]
      if (raws) {
        const docText = it.units.map((u) => u.text).join('\n')
        for (let j = 0; j < n; j++) {
          const cites = [...new Set([...basis, ...resolve(raws[j] ?? [], docText, it.stored.meta.date)])]
          const u = { ...(units[at + j] as Unit) }
          if (cites.length) u.cites = cites
          else delete u.cites
          units[at + j] = u
        }
      }
      at += n
    }
  }

  // Terms and vectors: reused from the stored index where the unit is unchanged. The vocabulary
  // only grows, so stored term ids stay valid and are copied as they are.
  const vocab = prev ? new Vocabulary([...prev.vocab.terms]) : new Vocabulary()
  const dim = deps.embeddings.dim
  const vectors = new Float32Array(units.length * dim)
  const fb = ForwardIndex.builder(vocab)
  const toEmbed: number[] = []
  const metaByKey = new Map(live.map((it) => [it.key, it.stored.meta]))
  units.forEach((u, i) => {
    const o = origin[i]
    if (o !== undefined && prev) {
      fb.copy(prev.fwd, o)
      vectors.set(prev.vectors.subarray(o * dim, (o + 1) * dim), i * dim)
    } else {
      fb.add(deps.tokenizer.terms(indexText(metaByKey.get(u.source) as SourceMeta, u)))
      toEmbed.push(i)
    }
  })
  if (toEmbed.length) {
    deps.progress?.(`向量化 ${toEmbed.length} 个单元…`)
    const vs = await embedAll(toEmbed.map((i) => indexText(metaByKey.get((units[i] as Unit).source) as SourceMeta, units[i] as Unit)), deps.embeddings)
    toEmbed.forEach((i, j) => vectors.set(vs.subarray(j * dim, (j + 1) * dim), i * dim))
  }
  const fwd = fb.build()
  const aligned = alignVersions(allSources, units, deps.catalog)
  // Duplicates keep their stored record (so they are not parsed again, and an evaluation that
  // excludes one copy can exclude the other) but no units.
  const storedSources = [...live.map((i) => i.stored), ...items.filter((i) => i.stored.meta.duplicateOf).map((i) => i.stored)]
  const index = assemble({ sources: storedSources, units, vocab, fwd, vectors, aligned }, dim)

  report.counts = {
    sources: live.length,
    units: units.length,
    articles: index.articleIdx.length,
    passages: index.passageIdx.length,
  }
  const manifest: Manifest = {
    schema: SCHEMA_VERSION,
    tokenizer: deps.tokenizer.id,
    catalog: deps.catalog.hash,
    embedding: { id: deps.embeddings.id, dim },
    createdAt: prev?.manifest.createdAt ?? deps.now().toISOString(),
    updatedAt: deps.now().toISOString(),
    roots: paths,
    counts: report.counts,
    sources: items.map((i) => ({ key: i.key, file: i.entry.file, size: i.entry.size, mtimeMs: i.entry.mtimeMs, hash: i.hash, units: i.stored.meta.duplicateOf ? 0 : i.units.length })),
  }
  if (o.save !== false) {
    save(dir, { manifest, sources: storedSources, units, vocab, fwd, vectors, aligned }, index)
    report.saved = true
  }
  report.ms = Math.round(performance.now() - t0)
  return { index, report }
}

function save(dir: string, s: Stored, index: KnowledgeIndex): void {
  const tmp = `${dir}.tmp-${process.pid}`
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(tmp, { recursive: true })
  try {
    writeFileSync(join(tmp, 'sources.json'), JSON.stringify(s.sources))
    writeFileSync(join(tmp, 'units.json'), JSON.stringify(s.units))
    writeFileSync(join(tmp, 'vocab.json'), JSON.stringify(s.vocab.terms))
    writeFileSync(join(tmp, 'aligned.json'), JSON.stringify(s.aligned))
    const head = Buffer.from(new Uint32Array([s.fwd.offsets.length, s.fwd.termIds.length]).buffer)
    writeFileSync(join(tmp, 'fwd.bin'), Buffer.concat([head, Buffer.from(s.fwd.offsets.buffer, s.fwd.offsets.byteOffset, s.fwd.offsets.byteLength), Buffer.from(s.fwd.termIds.buffer, s.fwd.termIds.byteOffset, s.fwd.termIds.byteLength), Buffer.from(s.fwd.tfs.buffer, s.fwd.tfs.byteOffset, s.fwd.tfs.byteLength)]))
    writeFileSync(join(tmp, 'vectors.bin'), Buffer.from(s.vectors.buffer, s.vectors.byteOffset, s.vectors.byteLength))
    index.vecArticles.save(join(tmp, 'hnsw-articles.bin'))
    index.vecPassages.save(join(tmp, 'hnsw-passages.bin'))
    // The manifest goes last: a folder without it is never taken for an index.
    writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(s.manifest, null, 1))
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true })
    throw e
  }
  const old = `${dir}.old-${process.pid}`
  if (existsSync(dir)) renameSync(dir, old)
  renameSync(tmp, dir)
  rmSync(old, { recursive: true, force: true })
}
