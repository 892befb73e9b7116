/**
 * The router: one composed chain per message, one audit line per message (hashed ids, outcome,
 * timings; never text or names), replies @ the asker in rooms and are split under the size limit.
 *
 * @example const route = createRouter({ channel, log, … }); await route(incoming)
 */
import type { Clock } from '../../clock.js'
import type { Hasher } from '../../hash.js'
import type { Logger } from '../../log.js'
import { type Channel, type Incoming, replyTarget } from '../channels/types.js'
import { ask, commands } from './commands/index.js'
import { compose, errorBoundary } from './compose.js'
import { confidentiality } from './confidential.js'
import type { BotContext } from './context.js'
import type { RouterDeps } from './deps.js'
import { type AllowLists, type RateLimits, allowLists, dedupe, dropSelf, dropStale, mentionGate, rateLimit, textOnly } from './guards.js'
import { splitReply } from './reply.js'
import { forFormat } from '../render.js'
import { quizAnswers } from './quiz-answers.js'
import { ratingEvents } from './commands/feedback.js'

export interface RouterOptions {
  botName: string
  allow: AllowLists
  limits: RateLimits
  maxReplyBytes: number
  staleMs: number
  startedAt: Date
}

export interface RouterParts extends RouterDeps {
  channel: Channel
  log: Logger
  hash: Hasher
  clock: Clock
  options: RouterOptions
}

export function createRouter(parts: RouterParts): (msg: Incoming) => Promise<void> {
  // Answers are rendered for the channel in use (Markdown for WeCom).
  const p: RouterParts = { ...parts, format: parts.format ?? parts.channel.format ?? 'text' }
  const o = p.options
  const chain = compose([
    errorBoundary(),
    dropSelf(),
    dropStale(p.clock, o.staleMs, o.startedAt),
    dedupe(),
    allowLists(o.allow),
    ratingEvents(p),
    textOnly(),
    quizAnswers(p.quiz, o.botName, p.practice),
    mentionGate(o.botName),
    rateLimit(p.clock, o.limits),
    confidentiality(),
    commands(p),
    ask(p),
  ])
  return async (msg) => {
    const t0 = performance.now()
    // Identity comes from the roster by chat id; the display name is only shown, never trusted.
    const actor = p.roster.identify(p.channelName, msg.from.id, msg.from.name)
    const personKey = actor.key
    const chatKey = msg.room ? `r:${msg.room.id}` : `p:${personKey}`
    let replies = 0
    const ctx: BotContext = {
      msg,
      text: msg.text,
      chatKey,
      personKey,
      actor,
      outcome: 'unhandled',
      log: p.log.child({ msgId: p.hash(msg.id) }),
      reply: async (m) => {
        const out = forFormat(m, p.format ?? 'text')
        for (const part of splitReply(out.text, o.maxReplyBytes)) {
          await p.channel.send(replyTarget(msg), part, out.markdown ? { markdown: true } : undefined)
          replies++
        }
      },
    }
    try {
      await chain(ctx)
    } finally {
      ctx.log.info(
        { chat: p.hash(chatKey), from: p.hash(personKey), room: !!msg.room, kind: msg.kind, len: msg.text.length, outcome: ctx.outcome, replies, ms: Math.round(performance.now() - t0) },
        'message',
      )
    }
  }
}
