/**
 * Composition root: the only place that builds real things (tokenizer, embeddings, index, the
 * office database, channels) and passes them down. `npm start` (bot/main.ts), every CLI, the bench
 * and the tests build from here; a chat channel is imported only when it is the one configured,
 * so a CLI that needs neither a channel nor the index starts fast.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { type ArticleAnswerer, type EmbeddingSpec, type Rag, openRag, withChatModel } from '../rag/index.js'
import { type Clock, systemClock } from './clock.js'
import { BUILTIN_KB_DIR, type Config, REGULATIONS_DIR } from './config.js'
import { ANSWERABILITY_DIR, BASIS_RULES_FILE } from './paths.js'
import type { Logger } from './log.js'
import { ConsoleChannel } from './chat/channels/console.js'
import type { Channel } from './chat/channels/types.js'
import { JsonlFeedbackStore } from './office/feedback.js'
import { hasher, installationSalt } from './hash.js'
import { createRouter } from './chat/router/index.js'
import { Sessions } from './chat/router/sessions.js'
import { shanghaiDate } from './office/rectification/deadlines.js'
import { ReminderLoop, rosterDelivery } from './office/rectification/scheduler.js'
import type { ChannelName } from './office/roster/model.js'
import { nudgeScheduler, openOffice } from './office/office.js'
import { acquireLock } from './lock.js'
import { WebhookSender } from './chat/channels/webhook.js'
import { escapeMarkdown } from './chat/channels/markdown.js'
import { postGroupDigest } from './office/rectification/group-digest.js'
import { practiceBook, quizParts, quizRunner } from './office/quiz/index.js'
import { TrainingLog } from './office/quiz/training.js'
import { ExpertDesk } from './office/experts/desk.js'
import { FaqAnswerer } from './office/experts/faq-answerer.js'
import { Cron } from 'croner'

export { BUILTIN_KB_DIR, HOLIDAY_OVERRIDE_FILE, REGULATIONS_DIR } from './config.js'
export { type Office, LEDGER_FILE, nudgeScheduler, openOffice } from './office/office.js'

/** The knowledge base as the bot uses it (rag/assemble.ts builds it). */
export type Knowledge = Rag

/** The embeddings the configuration names: the built-in hashing one, or an OpenAI-compatible endpoint. */
export function embeddingSpec(config: Config): EmbeddingSpec {
  const e = config.embedding
  if (e.provider === 'hash') return { provider: 'hash', dim: e.dim }
  return { provider: 'openai', baseURL: e.baseURL, model: e.model, ...(e.apiKey ? { apiKey: e.apiKey } : {}), dim: e.dim, timeoutMs: e.timeoutSeconds * 1000 }
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
  const roots = kbRoots(config, o.corpus)
  return openRag({
    regulationsDir: REGULATIONS_DIR,
    basisRulesFile: BASIS_RULES_FILE,
    answerabilityDir: ANSWERABILITY_DIR,
    roots,
    indexDir: indexDirFor(config, roots),
    embedding: embeddingSpec(config),
    answerability: config.answerability,
    now: () => clock.now(),
    today: () => shanghaiDate(clock.now()),
    ...(o.rebuild ? { rebuild: true } : {}),
    ...(o.progress ? { progress: o.progress } : {}),
  })
}

/**
 * The answerer the bot talks to: the extractive one, or, when a chat model is configured, the model
 * answerer wrapping it (rag/answer/model-answerer.ts). Logs carry counts and reasons, never text.
 */
export async function chatAnswerer(config: Config, kb: Knowledge, clock: Clock, log: Logger): Promise<ArticleAnswerer> {
  if (!config.chat) return kb.answerer
  const mlog = log.child({ mod: 'model' })
  mlog.info({ endpoint: config.chat.baseURL, model: config.chat.model, rewrite: config.chat.rewrite }, 'chat model configured: answers are checked sentence by sentence')
  return withChatModel(kb, {
    baseURL: config.chat.baseURL,
    model: config.chat.model,
    ...(config.chat.apiKey ? { apiKey: config.chat.apiKey } : {}),
    timeoutMs: config.chat.timeoutSeconds * 1000,
    rewrite: config.chat.rewrite,
    now: () => clock.now().getTime(),
    onOutcome: (o) => mlog.info({ used: o.used, why: o.why, kept: o.kept, dropped: o.dropped, reasons: o.reasons, ms: o.ms, prompt: o.prompt }, o.used ? 'model answer sent' : 'extractive answer sent'),
  })
}

export interface StartOptions {
  corpus?: string[]
  room?: string
  as?: string
  input?: NodeJS.ReadableStream
  output?: NodeJS.WritableStream
  clock?: Clock
}

/** The configured channel; wechaty is imported only when it is the one in use. */
async function buildChannel(config: Config, log: Logger, clock: Clock, o: StartOptions, output: NodeJS.WritableStream, hook?: WebhookSender): Promise<Channel> {
  if (config.channel === 'wecom' && config.wecom) {
    const { WecomChannel } = await import('./chat/channels/wecom.js')
    return new WecomChannel({
      ...config.wecom,
      log: log.child({ mod: 'wecom' }),
      botName: config.botName,
      // The admins hear of it in the configured group, since this connection can no longer send.
      onReplaced: hook && (() => void hook.post('**纪检助手**：企业微信机器人的连接已被另一处登录接管，本实例已停止收发消息。请检查是否有重复运行的程序，或是否泄露了机器人 Secret。')),
    })
  }
  if (config.channel === 'wechaty') {
    const { WechatyChannel } = await import('./chat/channels/wechaty.js')
    return new WechatyChannel({ log: log.child({ mod: 'wechaty' }), name: config.wechaty.name, puppet: config.wechaty.puppet, token: config.wechaty.token, qrOut: process.stderr })
  }
  return new ConsoleChannel({ input: o.input ?? process.stdin, output, clock, botName: config.botName, room: o.room, as: o.as, interactive: !o.input && !!process.stdin.isTTY })
}

/**
 * Starts the bot: the knowledge base, the office, the router and the configured channel (console
 * by default). Returns a stop function; with the console channel it also resolves `done` at end
 * of input.
 */
export async function startBot(config: Config, log: Logger, o: StartOptions = {}): Promise<{ channel: Channel; done: Promise<void>; stop: () => Promise<void> }> {
  const clock = o.clock ?? systemClock
  // A chat channel sends reminders and holds the one WeCom connection: one process per data folder.
  const release = config.channel === 'console' ? () => undefined : acquireLock(config.dataDir)
  const kb = await openKnowledge(config, { corpus: o.corpus, clock, progress: (l) => log.info(l) })
  log.info({ sources: kb.report.counts.sources, units: kb.report.counts.units, ms: kb.report.ms }, 'knowledge base ready')
  const output = o.output ?? process.stdout
  const hook = config.wecomWebhook ? new WebhookSender({ url: config.wecomWebhook, log: log.child({ mod: 'webhook' }) }) : undefined
  const channel = await buildChannel(config, log, clock, o, output, hook)
  const channelName: ChannelName = config.channel
  const hash = hasher(installationSalt(config.dataDir))
  const office = openOffice(config, clock)
  const parts = quizParts(office.db, kb.library, kb.retriever)
  const practice = practiceBook(office.db, parts, { clock })
  const quiz = quizRunner(parts, { clock, channel: channelName, practice, announce: hook && ((m) => void hook.post(escapeMarkdown(m))), onError: (err) => log.error({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'quiz send failed'), send: (room, text) => channel.send({ room, person: { id: '', name: '' } }, text) })
  // Expert answers (approved FAQ entries) come first; entries whose cited articles changed version go back to review.
  const experts = new ExpertDesk({ db: office.db, clock, retriever: kb.retriever, roster: office.roster, outbox: office.outbox, channel: channelName })
  const flagged = experts.review()
  if (flagged) log.info({ flagged }, 'FAQ entries flagged for review: a cited article changed')
  const answerer = new FaqAnswerer(await chatAnswerer(config, kb, clock, log), experts, kb.retriever)
  const route = createRouter({
    channel,
    channelName,
    roster: office.roster,
    log: log.child({ mod: 'router' }),
    hash,
    clock,
    library: kb.library,
    retriever: kb.retriever,
    answerer,
    experts,
    sessions: new Sessions(clock, 5 * 60_000),
    calendar: office.calendar,
    ledger: office.ledger,
    quiz,
    practice,
    training: new TrainingLog(office.db, clock, channelName),
    titleOf: parts.titleOf,
    feedback: new JsonlFeedbackStore(join(config.dataDir, 'feedback.jsonl'), hash, clock),
    options: {
      botName: config.botName,
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
  // trying things out and do not send nudges; a real chat channel does, and only while logged in.
  const scheduler = nudgeScheduler(config, office)
  const deliver = rosterDelivery(office.roster, channelName, (chatId, name, text) => channel.send({ person: { id: chatId, name } }, text))
  const loop = new ReminderLoop({ channel, scheduler, deliver, channelName, now: () => clock.now(), log: log.child({ mod: 'nudges' }) })
  const job = channel instanceof ConsoleChannel ? undefined : new Cron('0 * * * * *', { protect: true }, async () => {
          // Daily practice nudges are recorded in the same outbox, then delivered with the reminders.
          if (channel.ready()) practice.planNudges(office.outbox, office.calendar)
          // The group gets counts only; items and names stay in the supervisors' private digests.
          if (hook) postGroupDigest(office.db, () => office.ledger.store.all(), clock.now(), office.calendar, (m) => void hook.post(m))
          await loop.step()
        })
  // Quizzes: a poll every second closes due questions and posts the next (state in SQLite).
  const quizJob = new Cron('* * * * * *', { protect: true }, async () => {
    if (!channel.ready()) return
    try {
      await quiz.tick()
    } catch (err) {
      log.error({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'quiz tick failed')
    }
  })
  const done = channel instanceof ConsoleChannel ? channel.finished : new Promise<void>(() => undefined)
  return {
    channel,
    done,
    stop: async () => {
      job?.stop()
      quizJob.stop()
      await channel.stop()
      office.close()
      release()
    },
  }
}
