/**
 * The WeCom smart bot (企业微信智能机器人) over its official long connection (@wecom/aibot-node-sdk,
 * pinned 1.0.7): one WebSocket per bot, authenticated with the bot id and secret, heartbeats and
 * reconnects by the SDK.
 *
 * - Incoming: text, mixed (its text parts) and voice (arrives transcribed) in single chat and in
 *   groups (WeCom delivers only the group messages that @ the bot); quoted text is kept as context.
 *   Files, images and videos become `other` (the router answers "not supported yet" in private).
 *   Each msgid is handled once: a callback replayed after a reconnect is not answered twice.
 * - Outgoing: the first reply to a message is a stream reply in Markdown on that message, finished
 *   at once (well inside the platform's ~5 minute stream expiry); later parts, and replies after
 *   STREAM_WINDOW_MS, and proactive messages (reminders, quizzes) go out by send-message. Each
 *   Markdown body is cut under the platform's 20,480 bytes.
 * - 👍/👎 under an answer (feedback_event, enabled by a feedback id on the first stream reply: the
 *   id of the message it answers) reaches the router as a 'rating' message, stored like /反馈.
 * - "Another connection took over" (disconnected_event) is logged as an error once and not fought.
 * - A reply written while the connection is down waits in a queue (up to 10 minutes, 500 parts) and
 *   is sent by send-message once it is back; older ones are dropped with a log line.
 *
 * @example new WecomChannel({ botId, secret, log }).start(route)
 */
import { readFileSync } from 'node:fs'
import { WSClient } from '@wecom/aibot-node-sdk'
import { z } from 'zod'
import type { Logger } from '../../log.js'
import { splitBytes } from './split.js'
import { escapeMarkdown } from './markdown.js'
import type { Channel, ChatTarget, Incoming, SendOptions } from './types.js'

export { splitBytes } from './split.js'

/** Markdown bytes per stream or message (the platform's limit is 20,480). */
export const MAX_MARKDOWN_BYTES = 20_000
/** A message is replied to on its own stream within this time; after it, by send-message. */
export const STREAM_WINDOW_MS = 4 * 60_000
/** How many msgids are remembered for de-duplication. */
const SEEN_MAX = 5000
/** Replies written while the connection is down wait this long for it to come back … */
export const QUEUE_TTL_MS = 10 * 60_000
/** … and at most this many of them. */
export const QUEUE_MAX = 500

export interface WecomOptions {
  botId: string
  secret: string
  /** Private deployments: the long-connection endpoint and a CA file for its certificate. */
  wsUrl?: string
  caFile?: string
  log: Logger
  /** Shown in the welcome message. */
  botName?: string
  now?: () => Date
  /** Called once when the server says another connection took over (e.g. to tell admins through the webhook). */
  onReplaced?: () => void
  /** Test hooks: faster reconnects. */
  reconnectInterval?: number
  maxReconnectAttempts?: number
}

type Frame = { headers: { req_id: string }; body?: Record<string, unknown> }

/**
 * A rating event (feedback_event): the id is the one set on the rated stream reply (here, the id of
 * the message it answered); type 1 accurate, 2 inaccurate, 3 withdrawn; a comment and reason codes
 * may come with a 👎. The SDK does not type this payload, so it is checked here.
 */
const FeedbackEvent = z.object({
  msgid: z.string().min(1),
  chatid: z.string().optional(),
  chattype: z.enum(['single', 'group']).optional(),
  from: z.object({ userid: z.string().min(1) }),
  event: z.object({
    feedback_event: z.object({
      id: z.string().min(1).max(256),
      type: z.union([z.literal(1), z.literal(2), z.literal(3)]),
      content: z.string().max(2000).optional(),
      inaccurate_reason_list: z.array(z.number().int()).max(20).optional(),
    }),
  }),
})

const RATINGS = { 1: 'up', 2: 'down', 3: 'withdrawn' } as const
type Body = {
  msgid?: string
  chatid?: string
  chattype?: 'single' | 'group'
  from?: { userid?: string }
  msgtype?: string
  text?: { content?: string }
  voice?: { content?: string }
  mixed?: { msg_item?: Array<{ msgtype?: string; text?: { content?: string } }> }
  quote?: { msgtype?: string; text?: { content?: string } }
  event?: { eventtype?: string }
}

/** The text a user typed: text, the text parts of a mixed message, or a transcribed voice message. */
export function textOf(b: Body): string | undefined {
  if (b.msgtype === 'text') return b.text?.content ?? ''
  if (b.msgtype === 'voice') return b.voice?.content ?? ''
  if (b.msgtype === 'mixed') return (b.mixed?.msg_item ?? []).filter((i) => i.msgtype === 'text').map((i) => i.text?.content ?? '').join('\n')
  return undefined
}

export class WecomChannel implements Channel {
  readonly name = 'wecom'
  readonly format = 'markdown' as const
  private client?: WSClient
  private authed = false
  private replacedLogged = false
  private readonly seen = new Set<string>()
  /** The frame of the latest message per chat, waiting for its first reply. */
  private readonly pending = new Map<string, { frame: Frame; at: number; streamed: boolean }>()
  private streams = 0
  /** Replies written while disconnected: sent when the connection is back, dropped (and logged) after QUEUE_TTL_MS. */
  private readonly queue: Array<{ to: ChatTarget; text: string; at: number }> = []

  constructor(private readonly o: WecomOptions) {}

  ready(): boolean {
    return this.authed
  }

  async start(onMessage: (m: Incoming) => Promise<void>): Promise<void> {
    const log = this.o.log
    const sdkLog = {
      // The SDK logs frame bodies at debug level: never passed on (they hold message text).
      debug: () => undefined,
      info: (m: string) => log.debug({ sdk: m.slice(0, 80) }, 'wecom sdk'),
      warn: (m: string) => log.warn({ sdk: m.replace(/\{.*$/s, '').slice(0, 120) }, 'wecom sdk'),
      error: (m: string) => log.error({ sdk: m.slice(0, 120) }, 'wecom sdk'),
    }
    const client = new WSClient({
      botId: this.o.botId,
      secret: this.o.secret,
      logger: sdkLog,
      ...(this.o.wsUrl ? { wsUrl: this.o.wsUrl } : {}),
      ...(this.o.caFile ? { wsOptions: { ca: readFileSync(this.o.caFile) } } : {}),
      ...(this.o.reconnectInterval ? { reconnectInterval: this.o.reconnectInterval } : {}),
      ...(this.o.maxReconnectAttempts !== undefined ? { maxReconnectAttempts: this.o.maxReconnectAttempts } : {}),
    })
    this.client = client
    client.on('authenticated', () => {
      this.authed = true
      log.info('wecom: connected and authenticated')
      void this.flush()
    })
    client.on('disconnected', () => {
      this.authed = false
      log.warn('wecom: disconnected, the SDK reconnects')
    })
    client.on('error', (e: Error) => log.error({ err: { name: e.name, message: e.message.slice(0, 200) } }, 'wecom error'))
    client.on('event.disconnected_event', () => {
      this.authed = false
      if (!this.replacedLogged) {
        log.error('wecom: another connection for this bot took over; this one stops (one connection per bot: stop the other instance or change the secret)')
        this.o.onReplaced?.()
      }
      this.replacedLogged = true
    })
    client.on('event.enter_chat', (f) => {
      void client.replyWelcome(f as never, { msgtype: 'text', text: { content: `您好，我是${this.o.botName ?? '纪检助手'}：可以问法规条文和办事程序（如“线索怎么处置？”），发送“/帮助”查看用法。` } } as never).catch(() => undefined)
    })
    client.on('event.feedback_event', (f) => {
      void this.rating(f as unknown as Frame, onMessage)
    })
    client.on('message', (f) => {
      void this.receive(f as unknown as Frame, onMessage)
    })
    client.connect()
  }

  private async receive(frame: Frame, onMessage: (m: Incoming) => Promise<void>): Promise<void> {
    const b = (frame.body ?? {}) as Body
    const id = b.msgid
    if (!id || this.seen.has(id)) return
    this.remember(id)
    const user = b.from?.userid ?? ''
    const group = b.chattype === 'group' && b.chatid
    const typed = textOf(b)
    const quoted = b.quote?.msgtype === 'text' ? b.quote.text?.content : undefined
    const now = this.o.now?.() ?? new Date()
    const chatKey = group ? `g:${b.chatid}` : `u:${user}`
    this.pending.set(chatKey, { frame, at: now.getTime(), streamed: false })
    const msg: Incoming = {
      id,
      kind: typed === undefined ? 'other' : 'text',
      // A quoted message is context the asker points at: it comes after the question.
      text: typed === undefined ? '' : quoted ? `${typed}\n（引用：${quoted.slice(0, 500)}）` : typed,
      from: { id: user, name: user },
      ...(group ? { room: { id: b.chatid as string, topic: '' } } : {}),
      // WeCom delivers only the group messages that @ the bot.
      mentionSelf: !!group,
      self: false,
      date: now,
    }
    await onMessage(msg)
  }

  /** A 👍/👎 under an answer becomes a 'rating' message for the router (stored like /反馈). */
  private async rating(frame: Frame, onMessage: (m: Incoming) => Promise<void>): Promise<void> {
    const p = FeedbackEvent.safeParse(frame.body)
    if (!p.success) {
      this.o.log.warn({ issues: p.error.issues.length }, 'wecom: malformed feedback event ignored')
      return
    }
    const b = p.data
    if (this.seen.has(b.msgid)) return
    this.remember(b.msgid)
    const fb = b.event.feedback_event
    const group = b.chattype === 'group' && b.chatid
    await onMessage({
      id: b.msgid,
      kind: 'rating',
      text: '',
      from: { id: b.from.userid, name: b.from.userid },
      ...(group ? { room: { id: b.chatid as string, topic: '' } } : {}),
      mentionSelf: !!group,
      self: false,
      date: this.o.now?.() ?? new Date(),
      rating: { rating: RATINGS[fb.type], comment: fb.content ?? '', reasons: fb.inaccurate_reason_list ?? [], answerTo: fb.id },
    })
  }

  private remember(id: string): void {
    this.seen.add(id)
    if (this.seen.size > SEEN_MAX) this.seen.delete(this.seen.values().next().value as string)
  }

  /** Queued replies waiting for the connection. */
  get queued(): number {
    return this.queue.length
  }

  private async flush(): Promise<void> {
    const now = (this.o.now?.() ?? new Date()).getTime()
    const due = this.queue.splice(0)
    const fresh = due.filter((q) => now - q.at <= QUEUE_TTL_MS)
    if (fresh.length < due.length) this.o.log.warn({ dropped: due.length - fresh.length }, 'wecom: replies older than the queue limit were not sent')
    for (const q of fresh) {
      try {
        await this.client?.sendMessage(q.to.room ? q.to.room.id : q.to.person.id, { msgtype: 'markdown', markdown: { content: q.text } } as never)
      } catch (e) {
        this.o.log.error({ err: { message: (e as Error).message.slice(0, 120) } }, 'wecom: queued reply failed')
      }
    }
  }

  /** Plain text is escaped here: everything this channel sends is Markdown. */
  async send(to: ChatTarget, raw: string, o?: SendOptions): Promise<void> {
    const text = o?.markdown ? raw : escapeMarkdown(raw)
    const client = this.client
    if (!client || this.replacedLogged) throw new Error('wecom not connected')
    if (!this.authed) {
      // A reply written during a reconnect is kept, not lost: sent by send-message once connected.
      if (this.queue.length >= QUEUE_MAX) throw new Error('wecom not connected (reply queue full)')
      for (const part of splitBytes(text, MAX_MARKDOWN_BYTES)) this.queue.push({ to, text: part, at: (this.o.now?.() ?? new Date()).getTime() })
      return
    }
    const chatKey = to.room ? `g:${to.room.id}` : `u:${to.person.id}`
    const p = this.pending.get(chatKey)
    const now = (this.o.now?.() ?? new Date()).getTime()
    const parts = splitBytes(text, MAX_MARKDOWN_BYTES)
    for (const part of parts) {
      if (p && !p.streamed && now - p.at < STREAM_WINDOW_MS) {
        p.streamed = true
        // The feedback id makes WeCom show 👍/👎 under the answer; it comes back in feedback_event.
        const answered = (p.frame.body as Body | undefined)?.msgid
        await client.replyStream(p.frame as never, `s${Date.now().toString(36)}${(this.streams++).toString(36)}`, part, true, undefined, answered ? { id: answered.slice(0, 256) } : undefined)
        continue
      }
      await client.sendMessage(to.room ? to.room.id : to.person.id, { msgtype: 'markdown', markdown: { content: part } } as never)
    }
  }

  async stop(): Promise<void> {
    this.authed = false
    this.client?.disconnect()
  }
}
