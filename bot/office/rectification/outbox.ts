/**
 * The outbox: every reminder is a row before it is sent. Delivery takes due rows one at a time:
 * a row is marked 'sending' (attempt counted) before the send and 'sent' after, so a crash repeats
 * at most the one message in flight. A send that fails or times out is retried later with backoff
 * and ends 'failed' after `maxAttempts`; it never holds up the rows behind it.
 *
 * "The same message" is the same key: an item, the deadline it was set for and the rung
 * (`item:12:2026-11-20:before-3`), a digest (`digest:P0002:2026-11-20`) or an admin notice.
 * The text is fixed when the row is recorded, so a repeat after a crash is the same text.
 */
import { type Db, type Statement, statementCache } from '../db.js'

export type OutboxKind = 'nudge' | 'escalation' | 'digest' | 'undeliverable' | 'practice' | 'expert'
export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed' | 'folded'

export interface OutboxRow {
  key: string
  kind: OutboxKind
  itemId: number | null
  /** Roster key of the recipient (resolved to a chat id at send time). */
  recipient: string
  text: string
  state: OutboxState
  attempts: number
  nextAt: string | null
  lastError: string | null
  createdAt: string
  sentAt: string | null
}

export interface NewMessage {
  key: string
  kind: OutboxKind
  itemId: number | null
  recipient: string
  text: string
}

/** Why a send failed, in the words an admin reads. */
export class DeliveryError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options)
    this.name = 'DeliveryError'
  }
}

export interface DeliveryPolicy {
  maxAttempts: number
  /** Delay before attempt n+1 (ms), by attempts made so far. */
  backoffMs: (attempts: number) => number
  /** A send slower than this counts as failed (and is retried): one slow recipient delays nobody for long. */
  sendTimeoutMs: number
}

export const DEFAULT_DELIVERY: DeliveryPolicy = {
  maxAttempts: 5,
  backoffMs: (n) => [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000][Math.min(n - 1, 3)] ?? 2 * 3_600_000,
  sendTimeoutMs: 30_000,
}

/** The points where the process may die; tests inject a crash at each (see test/bot/rectification). */
export type CrashPoint = 'before-record' | 'during-record' | 'after-record' | 'after-mark-sending' | 'after-send' | 'after-mark-sent'
export type FaultHook = (p: CrashPoint) => void

export type Deliver = (m: OutboxRow) => Promise<void>

interface DbRow {
  key: string
  kind: OutboxKind
  item_id: number | null
  recipient: string
  text: string
  state: OutboxState
  attempts: number
  next_at: string | null
  last_error: string | null
  created_at: string
  sent_at: string | null
}

const toRow = (r: DbRow): OutboxRow => ({
  key: r.key, kind: r.kind, itemId: r.item_id, recipient: r.recipient, text: r.text, state: r.state, attempts: r.attempts,
  nextAt: r.next_at, lastError: r.last_error, createdAt: r.created_at, sentAt: r.sent_at,
})

export class Outbox {
  private readonly q: (sql: string) => Statement
  constructor(
    readonly db: Db,
    private readonly policy: DeliveryPolicy = DEFAULT_DELIVERY,
    private readonly fault: FaultHook = () => undefined,
  ) {
    this.q = statementCache(db)
  }

  has(key: string): boolean {
    return !!this.q('SELECT 1 FROM outbox WHERE key = ?').get(key)
  }

  get(key: string): OutboxRow | undefined {
    const r = this.q('SELECT * FROM outbox WHERE key = ?').get(key) as DbRow | undefined
    return r ? toRow(r) : undefined
  }

  /** Records a message to send (no-op if the key exists). Call inside the planner's transaction. */
  add(m: NewMessage, at: string): boolean {
    return this.q("INSERT OR IGNORE INTO outbox (key, kind, item_id, recipient, text, state, attempts, next_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)").run(m.key, m.kind, m.itemId, m.recipient, m.text, at, at).changes === 1
  }

  /** Rungs passed over by a catch-up message, recorded so they are never sent later. */
  fold(key: string, itemId: number | null, recipient: string, at: string): void {
    this.q("INSERT OR IGNORE INTO outbox (key, kind, item_id, recipient, text, state, created_at) VALUES (?, 'nudge', ?, ?, '', 'folded', ?)").run(key, itemId, recipient, at)
  }

  /** Rows to send now: left in flight by a crash first, then pending ones whose time has come. */
  due(now: Date, limit = 100_000): OutboxRow[] {
    return (this.q("SELECT * FROM outbox WHERE state = 'sending' OR (state = 'pending' AND next_at <= ?) ORDER BY CASE state WHEN 'sending' THEN 0 ELSE 1 END, id LIMIT ?").all(now.toISOString(), limit) as DbRow[]).map(toRow)
  }

  /**
   * Sends every due row, one at a time. Returns the keys sent and the keys that failed this time.
   * `now` is read for each row (a long run of slow sends moves the clock on).
   */
  async deliver(now: () => Date, send: Deliver): Promise<{ sent: string[]; failed: string[] }> {
    const sent: string[] = []
    const failed: string[] = []
    for (const row of this.due(now())) {
      this.q("UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE key = ?").run(row.key)
      this.fault('after-mark-sending')
      // A row left 'sending' by a crash counts that interrupted try as an attempt too.
      const attempt = row.attempts + 1
      try {
        await withTimeout(send(row), this.policy.sendTimeoutMs)
      } catch (err) {
        const reason = err instanceof DeliveryError ? err.reason : err instanceof TimeoutError ? '发送超时' : `发送失败：${(err as Error)?.message ?? String(err)}`.slice(0, 200)
        const t = now()
        if (attempt >= this.policy.maxAttempts) this.q("UPDATE outbox SET state = 'failed', last_error = ?, next_at = NULL WHERE key = ?").run(reason, row.key)
        else this.q("UPDATE outbox SET state = 'pending', last_error = ?, next_at = ? WHERE key = ?").run(reason, new Date(t.getTime() + this.policy.backoffMs(attempt)).toISOString(), row.key)
        failed.push(row.key)
        continue
      }
      this.fault('after-send')
      this.q("UPDATE outbox SET state = 'sent', sent_at = ?, last_error = NULL WHERE key = ?").run(now().toISOString(), row.key)
      this.fault('after-mark-sent')
      sent.push(row.key)
    }
    return { sent, failed }
  }

  /** Failed rows no admin has been told about yet (admin notices themselves excluded). */
  unreported(): OutboxRow[] {
    return (this.q("SELECT * FROM outbox WHERE state = 'failed' AND reported_at IS NULL AND kind <> 'undeliverable' ORDER BY id").all() as DbRow[]).map(toRow)
  }

  markReported(keys: string[], at: string): void {
    const st = this.q('UPDATE outbox SET reported_at = ? WHERE key = ?')
    for (const k of keys) st.run(at, k)
  }

  /** Puts failed rows back in the queue (after an admin fixed the cause, e.g. bound a chat id). */
  retry(keys: string[] | 'all-failed', at: string): number {
    if (keys === 'all-failed') return this.q("UPDATE outbox SET state = 'pending', attempts = 0, next_at = ?, reported_at = NULL WHERE state = 'failed'").run(at).changes
    let n = 0
    const st = this.q("UPDATE outbox SET state = 'pending', attempts = 0, next_at = ?, reported_at = NULL WHERE key = ? AND state = 'failed'")
    for (const k of keys) n += st.run(at, k).changes
    return n
  }

  list(states: OutboxState[] = ['pending', 'sending', 'failed']): OutboxRow[] {
    return (this.db.prepare(`SELECT * FROM outbox WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY id`).all(...states) as DbRow[]).map(toRow)
  }

  countBy(): Record<OutboxState, number> {
    const out: Record<OutboxState, number> = { pending: 0, sending: 0, sent: 0, failed: 0, folded: 0 }
    for (const r of this.q('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all() as Array<{ state: OutboxState; n: number }>) out[r.state] = r.n
    return out
  }
}

class TimeoutError extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError()), ms)
      timer.unref?.()
    }),
  ])
}
