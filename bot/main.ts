/**
 * Composition root: the only place that builds real things (tokenizer, embeddings, index, logger)
 * and passes them down. The command-line tools in bot/cli call `openKnowledge` from here.
 *
 * `npm start` runs the console: one question per line on stdin, answers on stdout.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
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
import { ConsoleChannel } from './channels/console.js'
import type { Channel } from './channels/types.js'
import { WechatyChannel } from './channels/wechaty.js'
import { ConfigError, UserError } from './errors.js'
import { JsonlFeedbackStore } from './feedback.js'
import { hasher, installationSalt } from './hash.js'
import { createRouter } from './router/index.js'
import { Sessions } from './router/sessions.js'
import { createCalendar } from './rectification/calendar.js'
import { shanghaiDate } from './rectification/deadlines.js'
import { Ledger } from './rectification/ledger.js'
import { DEFAULT_POLICY as DEFAULT_NUDGE_POLICY, NudgeScheduler } from './rectification/scheduler.js'
import { LedgerStore } from './rectification/store.js'
import { Cron } from 'croner'

export const REGULATIONS_DIR = join(PROJECT_ROOT, 'regulations')
/** Knowledge written by the project itself (procedure cards); indexed by default. */
export const BUILTIN_KB_DIR = join(REGULATIONS_DIR, 'handbook')
/** Holiday arrangements for years chinese-days does not cover yet (optional, written by the project). */
export const HOLIDAY_OVERRIDE_FILE = join(REGULATIONS_DIR, 'holidays-override.json')

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
    today: () => shanghaiDate(clock.now()),
  })
  return { index, retriever, answerer: new ExtractiveAnswerer(retriever), report, dir, roots }
}

export interface StartOptions {
  corpus?: string[]
  room?: string
  as?: string
  input?: NodeJS.ReadableStream
  output?: NodeJS.WritableStream
  clock?: Clock
}

/**
 * Starts the bot: the knowledge base, the router and the configured channel (console by default).
 * Returns a stop function; with the console channel it also resolves `done` at end of input.
 */
export async function startBot(config: Config, log: Logger, o: StartOptions = {}): Promise<{ channel: Channel; done: Promise<void>; stop: () => Promise<void> }> {
  const clock = o.clock ?? systemClock
  const kb = await openKnowledge(config, { corpus: o.corpus, clock, progress: (l) => log.info(l) })
  log.info({ sources: kb.report.counts.sources, units: kb.report.counts.units, ms: kb.report.ms }, 'knowledge base ready')
  const output = o.output ?? process.stdout
  const channel: Channel =
    config.channel === 'wechaty'
      ? new WechatyChannel({ log: log.child({ mod: 'wechaty' }), name: config.wechaty.name, puppet: config.wechaty.puppet, token: config.wechaty.token, qrOut: process.stderr })
      : new ConsoleChannel({ input: o.input ?? process.stdin, output, clock, botName: config.botName, room: o.room, as: o.as, interactive: !o.input && !!process.stdin.isTTY })
  const hash = hasher(installationSalt(config.dataDir))
  const calendar = createCalendar({ overrideFile: HOLIDAY_OVERRIDE_FILE })
  const ledgerStore = new LedgerStore(join(config.dataDir, 'ledger.sqlite'))
  const ledger = new Ledger(ledgerStore, calendar, clock)
  const route = createRouter({
    channel,
    log: log.child({ mod: 'router' }),
    hash,
    clock,
    index: kb.index,
    retriever: kb.retriever,
    answerer: kb.answerer,
    sessions: new Sessions(clock, 5 * 60_000),
    calendar,
    ledger,
    feedback: new JsonlFeedbackStore(join(config.dataDir, 'feedback.jsonl'), hash, clock),
    options: {
      botName: config.botName,
      admins: config.admins,
      allow: { rooms: config.allowRooms, people: config.allowPeople },
      // A console without --room is one local user: no limits. Rooms (real or simulated) get them.
      limits:
        channel instanceof ConsoleChannel && !o.room
          ? { perPerson: Number.MAX_SAFE_INTEGER, perRoom: Number.MAX_SAFE_INTEGER, windowMs: 60_000 }
          : { perPerson: config.ratePerPerson, perRoom: config.ratePerRoom, windowMs: 60_000 },
      maxReplyBytes: config.maxReplyBytes,
      staleMs: config.staleSeconds * 1000,
      startedAt: clock.now(),
    },
  })
  if (kb.report.counts.units === 0 && channel instanceof ConsoleChannel) {
    output.write('知识库为空。请用 npm run ingest -- <文件夹> 导入法规和文件，或 npm start -- --corpus <文件夹>。\n')
  }
  await channel.start(route)
  // Deadline nudges: a poll every minute over the ledger (no long timers). Console sessions are for
  // trying things out and do not send nudges; a real chat channel does.
  const scheduler = new NudgeScheduler(ledger, calendar, { ...DEFAULT_NUDGE_POLICY, before: config.nudgeBefore, escalateAfter: config.escalateAfter })
  const schedLog = log.child({ mod: 'nudges' })
  const job =
    channel instanceof ConsoleChannel
      ? undefined
      : new Cron('0 * * * * *', { protect: true }, async () => {
          try {
            const sent = await scheduler.tick(clock.now(), (to, text) => channel.send({ person: { id: to, name: to } }, text))
            if (sent.length) schedLog.info({ sent: sent.length }, 'nudges sent')
          } catch (err) {
            schedLog.error({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'nudge tick failed')
          }
        })
  const done = channel instanceof ConsoleChannel ? channel.finished : new Promise<void>(() => undefined)
  return {
    channel,
    done,
    stop: async () => {
      job?.stop()
      await channel.stop()
      ledgerStore.close()
    },
  }
}

const START_USAGE = 'npm start [-- --corpus <文件夹>... --room <群名> --as <姓名>]'

async function main(): Promise<void> {
  const { parseArgs } = await import('node:util')
  let args
  try {
    args = parseArgs({ args: process.argv.slice(2), options: { corpus: { type: 'string', multiple: true }, room: { type: 'string' }, as: { type: 'string' } }, strict: true })
  } catch (e) {
    throw new UserError(`${(e as Error).message}\n用法：${START_USAGE}`)
  }
  const config = loadConfig()
  const log = createLogger(config.logLevel)
  // Signals are handled from the start, also while the knowledge base is still loading.
  let bot: Awaited<ReturnType<typeof startBot>> | undefined
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down')
    await bot?.stop().catch(() => undefined)
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  bot = await startBot(config, log, { corpus: args.values.corpus, room: args.values.room, as: args.values.as })
  await bot.done
  await bot.stop()
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => {
    process.stderr.write(`错误：${e instanceof Error ? e.message : String(e)}\n`)
    process.exit(e instanceof UserError || e instanceof ConfigError ? 2 : 1)
  })
}
