/**
 * Guards: the group-chat rules in front of every command. Each is a Handler; the order is set in
 * router/index.ts. A guard that drops a message sets `ctx.outcome` and does not call `next`.
 */
import { LRUCache } from 'lru-cache'
import type { Clock } from '../../clock.js'
import type { Handler } from './compose.js'

/** Drops the bot's own messages. */
export const dropSelf = (): Handler => async (ctx, next) => {
  if (ctx.msg.self) {
    ctx.outcome = 'dropped:self'
    return
  }
  await next()
}

/** Drops messages older than `maxAgeMs`, or sent before the bot started (replayed after login). */
export const dropStale = (clock: Clock, maxAgeMs: number, startedAt: Date): Handler => async (ctx, next) => {
  const t = ctx.msg.date.getTime()
  if (t < startedAt.getTime() - 5_000 || clock.now().getTime() - t > maxAgeMs) {
    ctx.outcome = 'dropped:stale'
    return
  }
  await next()
}

/** Each message id is handled once (chat systems deliver some messages twice). Memory is bounded. */
export const dedupe = (capacity = 5000): Handler => {
  const seen = new LRUCache<string, true>({ max: capacity })
  return async (ctx, next) => {
    if (seen.has(ctx.msg.id)) {
      ctx.outcome = 'dropped:duplicate'
      return
    }
    seen.set(ctx.msg.id, true)
    await next()
  }
}

export const NON_TEXT_HINT = '目前只能处理文字消息。请直接输入问题，或发送“/帮助”查看用法。'

/** Non-text messages: a short hint in private chat, silence in rooms. */
export const textOnly = (): Handler => async (ctx, next) => {
  if (ctx.msg.kind !== 'text') {
    ctx.outcome = 'dropped:non-text'
    if (!ctx.msg.room) await ctx.reply(NON_TEXT_HINT)
    return
  }
  await next()
}

export interface AllowLists {
  /** Room ids or topics; empty: every room. (A topic can be renamed by members: prefer ids.) */
  rooms: string[]
  /** Chat account ids (never display names); empty: everyone. */
  people: string[]
}

export const allowLists = (a: AllowLists): Handler => async (ctx, next) => {
  const { room, from } = ctx.msg
  if (room && a.rooms.length && !a.rooms.includes(room.topic) && !a.rooms.includes(room.id)) {
    ctx.outcome = 'dropped:room-not-allowed'
    return
  }
  if (a.people.length && !a.people.includes(from.id)) {
    ctx.outcome = 'dropped:person-not-allowed'
    return
  }
  await next()
}

export const COMMAND_RE = /^[/／]\s*\S/

/**
 * In a room the bot answers only when mentioned or when the message starts with a command; the
 * mention ("@助手" or the configured name) is removed from the text. Private chats always pass.
 */
/** "@助手" followed by the spaces chat clients put after a mention. */
export function mentionPattern(botName: string): RegExp {
  const escaped = botName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`@${escaped}[\\s\\u2005\\u00a0]*`, 'g')
}

export const mentionGate = (botName: string): Handler => {
  const mention = mentionPattern(botName)
  return async (ctx, next) => {
    const raw = ctx.msg.text
    const named = mention.test(raw)
    mention.lastIndex = 0
    ctx.text = raw.replace(mention, ' ').replace(/\s+/g, ' ').trim()
    if (ctx.msg.room && !ctx.msg.mentionSelf && !named && !COMMAND_RE.test(ctx.text)) {
      ctx.outcome = 'dropped:not-mentioned'
      return
    }
    await next()
  }
}

export interface RateLimits {
  perPerson: number
  perRoom: number
  windowMs: number
}

export const RATE_NOTICE = '提问有点频繁了，请稍等一分钟再问。'

/**
 * Sliding-window limits per person and per room, with one polite notice per window. Both maps are
 * bounded LRU caches: a flood of new senders cannot grow memory without limit.
 */
export const rateLimit = (clock: Clock, l: RateLimits, capacity = 10_000): Handler => {
  const hits = new LRUCache<string, number[]>({ max: capacity })
  const noticed = new LRUCache<string, number>({ max: capacity })
  const over = (key: string, max: number, now: number) => {
    const list = (hits.get(key) ?? []).filter((t) => now - t < l.windowMs)
    list.push(now)
    hits.set(key, list)
    return list.length > max
  }
  return async (ctx, next) => {
    const now = clock.now().getTime()
    const keys: Array<[string, number]> = [[`p:${ctx.personKey}`, l.perPerson]]
    if (ctx.msg.room) keys.push([`r:${ctx.msg.room.id}`, l.perRoom])
    const limited = keys.find(([k, max]) => over(k, max, now))
    if (limited) {
      ctx.outcome = 'dropped:rate-limited'
      const last = noticed.get(limited[0]) ?? -Infinity
      if (now - last >= l.windowMs) {
        noticed.set(limited[0], now)
        await ctx.reply(RATE_NOTICE)
      }
      return
    }
    await next()
  }
}
