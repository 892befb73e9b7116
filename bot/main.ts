/**
 * Composition root: the only place that builds real things (tokenizer, embeddings, index, logger)
 * and passes them down. The command-line tools in bot/cli call `openKnowledge` from here.
 *
 * `npm start` runs the console: one question per line on stdin, answers on stdout.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { ExtractiveAnswerer } from '../rag/answerer.js'
import { Catalog } from '../rag/catalog.js'
import { HashingEmbeddings, type NamedEmbeddings, openAICompatibleEmbeddings } from '../rag/embedding.js'
import { loadSynonyms } from '../rag/expand.js'
import { type IndexDeps, type SyncReport, syncIndex } from '../rag/index-store.js'
import type { KnowledgeIndex } from '../rag/knowledge.js'
import { HybridRetriever } from '../rag/retriever.js'
import { createTokenizer } from '../rag/tokenize.js'
import { type Clock, systemClock } from './clock.js'
import { type Config, PROJECT_ROOT, loadConfig } from './config.js'
import { createLogger, type Logger } from './log.js'

export const REGULATIONS_DIR = join(PROJECT_ROOT, 'regulations')
/** Knowledge written by the project itself (procedure cards); indexed by default. */
export const BUILTIN_KB_DIR = join(REGULATIONS_DIR, 'handbook')

export interface Knowledge {
  index: KnowledgeIndex
  retriever: HybridRetriever
  answerer: ExtractiveAnswerer
  report: SyncReport
  dir: string
  roots: string[]
}

export async function buildEmbeddings(config: Config): Promise<NamedEmbeddings> {
  const e = config.embedding
  if (e.provider === 'hash') return new HashingEmbeddings({ dim: e.dim })
  return openAICompatibleEmbeddings({ baseURL: e.baseURL, model: e.model, apiKey: e.apiKey, dim: e.dim })
}

export function buildIndexDeps(config: Config, embeddings: NamedEmbeddings, clock: Clock, progress?: (l: string) => void): IndexDeps {
  return {
    catalog: Catalog.load(join(REGULATIONS_DIR, 'catalog.json')),
    tokenizer: createTokenizer({ dictFiles: [join(REGULATIONS_DIR, 'dict.txt')] }),
    embeddings,
    now: () => clock.now(),
    progress,
  }
}

/** Folders registered with `npm run ingest`, kept in the data folder. */
export function registeredDirs(config: Config): string[] {
  const f = join(config.dataDir, 'kb-sources.json')
  if (!existsSync(f)) return []
  try {
    const v = JSON.parse(readFileSync(f, 'utf8')) as unknown
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

export function registerDirs(config: Config, paths: string[]): void {
  mkdirSync(config.dataDir, { recursive: true })
  const all = [...new Set([...registeredDirs(config), ...paths.map((p) => resolve(p))])]
  writeFileSync(join(config.dataDir, 'kb-sources.json'), JSON.stringify(all, null, 1))
}

/** The knowledge-base folders in effect: built-in, then --corpus (or configured + registered). */
export function kbRoots(config: Config, corpus?: string[]): string[] {
  const roots: string[] = []
  if (config.builtin && existsSync(BUILTIN_KB_DIR)) roots.push(BUILTIN_KB_DIR)
  const extra = corpus?.length ? corpus : [...config.kbDirs, ...registeredDirs(config)]
  for (const r of extra) if (!roots.includes(resolve(r))) roots.push(resolve(r))
  return roots
}

/** Each set of knowledge-base folders has its own index folder. */
export function indexDirFor(config: Config, roots: string[]): string {
  const h = createHash('sha256').update([...roots].sort().join('\n')).digest('hex').slice(0, 10)
  return join(config.dataDir, 'index', `kb-${h}`)
}

export interface OpenOptions {
  corpus?: string[]
  rebuild?: boolean
  clock?: Clock
  progress?: (line: string) => void
}

/** Loads (or builds, or brings up to date) the index for the knowledge base and wires retrieval. */
export async function openKnowledge(config: Config, o: OpenOptions = {}): Promise<Knowledge> {
  const clock = o.clock ?? systemClock
  const embeddings = await buildEmbeddings(config)
  const deps = buildIndexDeps(config, embeddings, clock, o.progress)
  const roots = kbRoots(config, o.corpus)
  const dir = indexDirFor(config, roots)
  const { index, report } = await syncIndex(dir, roots, deps, { rebuild: o.rebuild })
  const retriever = new HybridRetriever({
    index,
    tokenizer: deps.tokenizer,
    embeddings,
    catalog: deps.catalog,
    synonyms: loadSynonyms(join(REGULATIONS_DIR, 'synonyms.json')),
  })
  return { index, retriever, answerer: new ExtractiveAnswerer(retriever), report, dir, roots }
}

/** Console: one question per line, one answer per question; ends at end of input. */
async function main(): Promise<void> {
  const config = loadConfig()
  const log: Logger = createLogger(config.logLevel)
  const corpus: string[] = []
  const argv = process.argv.slice(2)
  for (let i = 0; i < argv.length; i++) if (argv[i] === '--corpus' && argv[i + 1]) corpus.push(argv[++i] as string)
  const kb = await openKnowledge(config, { corpus, progress: (l) => log.info(l) })
  log.info({ sources: kb.report.counts.sources, units: kb.report.counts.units, ms: kb.report.ms }, 'knowledge base ready')
  if (kb.report.counts.units === 0) {
    process.stdout.write('知识库为空。请用 npm run ingest -- <文件夹> 导入法规和文件，或 npm start -- --corpus <文件夹>。\n')
  }
  const interactive = process.stdin.isTTY
  if (interactive) process.stdout.write('纪检助手（控制台）。输入问题后回车，Ctrl+D 退出。\n> ')
  const rl = createInterface({ input: process.stdin, terminal: false })
  for await (const line of rl) {
    const q = line.trim()
    if (q) {
      const t0 = performance.now()
      const a = await kb.answerer.answer(q)
      log.info({ kind: a.kind, len: q.length, citations: a.citations.map((c) => c.id), ms: Math.round(performance.now() - t0) }, 'answered')
      process.stdout.write(`${a.text}\n\n`)
    }
    if (interactive) process.stdout.write('> ')
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
    process.exit(1)
  })
}
