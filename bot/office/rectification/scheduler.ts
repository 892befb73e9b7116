/**
 * Deadline nudges by polling. Each `tick(now)`:
 *  1. records, in one transaction, every message now due: the owner's ladder (7, 3 and 1 working
 *     days before, on the day, every working day overdue), the escalation to the supervisor after
 *     N overdue days, and once a working day a digest per supervisor. Missed rungs (downtime) fold
 *     into one catch-up message. Only items whose `next_check` date has come are read.
 *  2. delivers the outbox (bot/office/rectification/outbox.ts): failures are retried with backoff and end
 *     'failed' without holding up anyone else;
 *  3. tells the admins, once a day, what could not be delivered.
 * Only on working days, in working hours, Asia/Shanghai; nothing at all while the channel is not
 * logged in (the caller does not tick then).
 */
import { type Db, getMeta, setMeta } from '../db.js'
import { type Actor, type ChannelName, SYSTEM_ACTOR } from '../roster/model.js'
import type { Roster } from '../roster/roster.js'
import type { Calendar } from './calendar.js'
import { addDays, shanghaiDate, weekday, workdaysBetween } from './deadlines.js'
import type { Ledger } from './ledger.js'
import { type Item, OPEN_STATUSES } from './model.js'
import { type Deliver, DeliveryError, type FaultHook, type NewMessage, type Outbox, type OutboxRow } from './outbox.js'
import type { StoredItem } from './store.js'

export interface NudgePolicy {
  /** Working days before the deadline. */
  before: number[]
  /** Overdue working days after which the supervisor is told. */
  escalateAfter: number
  /** Working hours in Shanghai, [start, end). */
  workStart: number
  workEnd: number
}

export const DEFAULT_POLICY: NudgePolicy = { before: [7, 3, 1], escalateAfter: 3, workStart: 9, workEnd: 18 }

export interface Planned extends NewMessage {
  /** Earlier rungs this message stands for (recorded as folded, never sent). */
  folds: string[]
}

function shanghaiHour(now: Date): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(now))
}

interface Rung {
  key: string
  kind: 'before' | 'due' | 'overdue'
  n: number
  /** The first date the rung is due. */
  start: string
}

interface Plan {
  messages: Planned[]
  /** Open items past their deadline, to be marked 逾期. */
  overdue: StoredItem[]
  nextChecks: Array<[number, string | null]>
  digestDay?: string
}

export interface SchedulerDeps {
  ledger: Ledger
  outbox: Outbox
  roster: Roster
  calendar: Calendar
  policy?: NudgePolicy
  /** Test hook: crash injection at the recording points. */
  fault?: FaultHook
}

export interface TickResult {
  recorded: number
  sent: string[]
  failed: string[]
}

export class NudgeScheduler {
  private readonly policy: NudgePolicy
  private readonly db: Db
  private readonly fault: FaultHook

  constructor(private readonly d: SchedulerDeps) {
    this.policy = d.policy ?? DEFAULT_POLICY
    this.db = d.ledger.store.db
    this.fault = d.fault ?? (() => undefined)
    // A changed ladder means every open item's next check date may be wrong: look at all again.
    const sig = JSON.stringify({ before: [...this.policy.before].sort((a, b) => b - a), escalateAfter: this.policy.escalateAfter })
    if (getMeta(this.db, 'nudge_policy') !== sig) {
      this.db.transaction(() => {
        d.ledger.store.recheckAll()
        setMeta(this.db, 'nudge_policy', sig)
      })()
    }
  }

  /** True when messages may go out at `now` (a working day, in working hours, Shanghai time). */
  inWorkingHours(now: Date): boolean {
    const h = shanghaiHour(now)
    return this.d.calendar.isWorkday(shanghaiDate(now)) && h >= this.policy.workStart && h < this.policy.workEnd
  }

  /** The date `b` working days before the deadline is first reached: the (b+1)-th working day back from it. */
  private rungStart(deadline: string, b: number): string {
    let d = deadline
    let seen = 0
    for (;;) {
      if (this.d.calendar.isWorkday(d) && ++seen === b + 1) return d
      d = addDays(d, -1)
    }
  }

  /** The owner's rungs reached by `today`, oldest first. */
  private rungs(i: Item, today: string): Rung[] {
    const out: Rung[] = []
    const base = `item:${i.id}:${i.deadline}`
    const left = workdaysBetween(today, i.deadline, this.d.calendar)
    for (const b of [...this.policy.before].sort((a, c) => c - a)) if (left <= b && left > 0) out.push({ key: `${base}:before-${b}`, kind: 'before', n: b, start: this.rungStart(i.deadline, b) })
    if (today >= i.deadline) out.push({ key: `${base}:due`, kind: 'due', n: 0, start: i.deadline })
    if (today > i.deadline && left <= -1 && this.d.calendar.isWorkday(today)) out.push({ key: `${base}:overdue-${today}`, kind: 'overdue', n: -left, start: today })
    return out
  }

  /** The next date an open item can have something due, after `today` has been handled. */
  private nextCheck(i: Item, today: string): string | null {
    if (!OPEN_STATUSES.includes(i.status)) return null
    if (today >= i.deadline) return addDays(today, 1)
    const starts = this.policy.before.map((b) => this.rungStart(i.deadline, b)).filter((d) => d > today)
    return [...starts, i.deadline].sort()[0] as string
  }

  private ownerText(i: Item, r: Rung, missed: number, today: string): string {
    const head = r.kind === 'before' ? `【整改提醒】距整改期限还有 ${workdaysBetween(today, i.deadline, this.d.calendar)} 个工作日` : r.kind === 'due' ? '【整改提醒】今天是整改期限' : `【整改逾期】已逾期 ${r.n} 个工作日`
    const lines = [head, `${i.number}：${clip(i.problem, 60)}`, `责任单位：${i.unit}；期限：${i.deadline}（${weekday(i.deadline)}）`, '完成后请发送：/整改 完成 ' + i.number + ' 整改情况']
    if (missed > 0) lines.push(`（期间未能按时提醒 ${missed} 次，本条一并补发。）`)
    return lines.join('\n')
  }

  /** What is due at `now`, from the store alone. Writes nothing. */
  private compute(now: Date): Plan {
    const today = shanghaiDate(now)
    const { store } = this.d.ledger
    const { outbox, roster } = this.d
    const plan: Plan = { messages: [], overdue: [], nextChecks: [] }
    for (const i of store.dueForCheck(today)) {
      if (i.status === '整改中' && today > i.deadline) plan.overdue.push(i)
      const due = this.rungs(i, today).filter((r) => !outbox.has(r.key))
      if (due.length) {
        const latest = due[due.length - 1] as Rung
        const created = shanghaiDate(new Date(i.createdAt))
        // Rungs that fell before the item existed were never missed: folded without a word.
        const missed = due.slice(0, -1).filter((r) => r.start >= created && r.start < today).length
        plan.messages.push({ key: latest.key, kind: 'nudge', itemId: i.id, recipient: i.ownerKey, text: this.ownerText(i, latest, missed, today), folds: due.slice(0, -1).map((r) => r.key) })
      }
      const overdue = -workdaysBetween(today, i.deadline, this.d.calendar)
      const escKey = `item:${i.id}:${i.deadline}:escalate`
      if (today > i.deadline && overdue >= this.policy.escalateAfter && !outbox.has(escKey)) {
        plan.messages.push({ key: escKey, kind: 'escalation', itemId: i.id, recipient: i.supervisorKey, text: `【逾期督办】${i.number}（${i.unit}，责任人 ${roster.nameOf(i.ownerKey)}）已逾期 ${overdue} 个工作日，期限 ${i.deadline}。\n${clip(i.problem, 60)}`, folds: [] })
      }
      plan.nextChecks.push([i.id, this.nextCheck(i.status === '整改中' && today > i.deadline ? { ...i, status: '逾期' } : i, today)])
    }
    if (getMeta(this.db, 'digest_day') !== today) {
      plan.digestDay = today
      plan.messages.push(...this.digests(today))
    }
    return plan
  }

  /** Daily digest per supervisor: overdue, due within 7 working days, waiting to be closed; per unit. */
  private digests(today: string): Planned[] {
    const out: Planned[] = []
    const bySup = new Map<string, Item[]>()
    for (const i of this.d.ledger.store.all()) if (i.status !== '已销号') bySup.set(i.supervisorKey, [...(bySup.get(i.supervisorKey) ?? []), i])
    for (const [sup, items] of bySup) {
      const key = `digest:${sup}:${today}`
      if (this.d.outbox.has(key)) continue
      const overdue = items.filter((i) => i.deadline < today && i.status !== '已完成待销号')
      const soon = items.filter((i) => i.deadline >= today && i.status !== '已完成待销号' && workdaysBetween(today, i.deadline, this.d.calendar) <= 7)
      const waiting = items.filter((i) => i.status === '已完成待销号')
      if (!overdue.length && !soon.length && !waiting.length) continue
      const units = (list: Item[]) => {
        const m = new Map<string, string[]>()
        for (const i of list) m.set(i.unit, [...(m.get(i.unit) ?? []), `${i.number}（${i.deadline}）`])
        return [...m].map(([u, ns]) => `  ${u}：${ns.join('、')}`)
      }
      const lines = [`【整改日报】${today}`]
      if (overdue.length) lines.push(`已逾期 ${overdue.length} 项：`, ...units(overdue))
      if (soon.length) lines.push(`7个工作日内到期 ${soon.length} 项：`, ...units(soon))
      if (waiting.length) lines.push(`待销号 ${waiting.length} 项：`, ...units(waiting))
      out.push({ key, kind: 'digest', itemId: null, recipient: sup, text: lines.join('\n'), folds: [] })
    }
    return out
  }

  /** What would be recorded at `now` (also used by `npm run rectify -- nudges --at`). Writes nothing. */
  plan(now: Date): Planned[] {
    return this.inWorkingHours(now) ? this.compute(now).messages : []
  }

  /** Records what is due at `now`, all in one transaction: a crash leaves all of it or none. */
  record(now: Date, actor: Actor = SYSTEM_ACTOR): number {
    if (!this.inWorkingHours(now)) return 0
    this.fault('before-record')
    const at = now.toISOString()
    const { store } = this.d.ledger
    const n = this.db.transaction(() => {
      const plan = this.compute(now)
      for (const i of plan.overdue) store.update(i, { status: '逾期' }, actor, at, 'overdue', '超过整改期限')
      let added = 0
      for (const m of plan.messages) {
        if (!this.d.outbox.add(m, at)) continue
        added++
        for (const f of m.folds) this.d.outbox.fold(f, m.itemId, m.recipient, at)
        this.fault('during-record')
      }
      for (const [id, next] of plan.nextChecks) store.setNextCheck(id, next)
      if (plan.digestDay) setMeta(this.db, 'digest_day', plan.digestDay)
      return added
    })()
    this.fault('after-record')
    return n
  }

  /**
   * Once a working day, one notice per admin listing the messages that could not be delivered
   * (item, recipient, reason): what the admin needs to fix a binding, not the message text.
   */
  private reportFailures(now: Date, channel: ChannelName): boolean {
    const today = shanghaiDate(now)
    if (getMeta(this.db, 'failure_report_day') === today) return false
    const failed = this.d.outbox.unreported()
    if (!failed.length) return false
    const { roster } = this.d
    const at = now.toISOString()
    const lines = [`【提醒未能送达】${failed.length} 条提醒多次发送失败，已停止重试：`]
    for (const f of failed.slice(0, 30)) {
      const item = f.itemId ? this.d.ledger.store.byId(f.itemId)?.number : undefined
      lines.push(`  ${item ? `${item} ` : ''}${KIND_LABELS[f.kind]} → ${roster.nameOf(f.recipient)}（${f.recipient.startsWith('guest:') ? '配置的管理员' : f.recipient}）：${f.lastError ?? '原因不明'}`)
    }
    if (failed.length > 30) lines.push(`  ……另有 ${failed.length - 30} 条`)
    lines.push('处理后可用 npm run rectify -- outbox retry 重新发送；详见 npm run rectify -- outbox。')
    this.db.transaction(() => {
      for (const admin of roster.adminKeys(channel)) this.d.outbox.add({ key: `undeliverable:${admin}:${today}`, kind: 'undeliverable', itemId: null, recipient: admin, text: lines.join('\n') }, at)
      this.d.outbox.markReported(failed.map((f) => f.key), at)
      setMeta(this.db, 'failure_report_day', today)
    })()
    return true
  }

  /**
   * One polling step: record what is due, deliver the outbox, report what failed for good.
   * `now` is a function: deliveries read the clock as they go.
   */
  async tick(now: () => Date, deliver: Deliver, channel: ChannelName): Promise<TickResult> {
    const t = now()
    if (!this.inWorkingHours(t)) return { recorded: 0, sent: [], failed: [] }
    const recorded = this.record(t)
    const r = await this.d.outbox.deliver(now, deliver)
    if (this.reportFailures(now(), channel)) {
      const r2 = await this.d.outbox.deliver(now, deliver)
      r.sent.push(...r2.sent)
      r.failed.push(...r2.failed)
    }
    return { recorded, ...r }
  }
}

/**
 * One step of the minute poll: nothing at all (no recording, no status change) while the channel
 * is not logged in; a tick otherwise. A failing tick is logged and the next step tries again.
 */
export class ReminderLoop {
  private paused = false
  constructor(
    private readonly o: {
      channel: { ready(): boolean }
      scheduler: NudgeScheduler
      deliver: Deliver
      channelName: ChannelName
      now: () => Date
      log: { info(o: object, m?: string): void; warn(m: string): void; error(o: object, m?: string): void }
    },
  ) {}

  async step(): Promise<TickResult | 'paused' | 'failed'> {
    const { o } = this
    if (!o.channel.ready()) {
      if (!this.paused) o.log.warn('channel not logged in: reminders paused')
      this.paused = true
      return 'paused'
    }
    if (this.paused) o.log.info({}, 'channel logged in: reminders resumed')
    this.paused = false
    try {
      const r = await o.scheduler.tick(o.now, o.deliver, o.channelName)
      if (r.recorded || r.sent.length || r.failed.length) o.log.info({ recorded: r.recorded, sent: r.sent.length, failed: r.failed.length }, 'nudge tick')
      return r
    } catch (err) {
      o.log.error({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'nudge tick failed')
      return 'failed'
    }
  }
}

const KIND_LABELS: Record<OutboxRow['kind'], string> = { nudge: '整改提醒', escalation: '逾期督办', digest: '整改日报', undeliverable: '送达失败通知', practice: '练习提醒', expert: '专家答复通知' }

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s)

/**
 * Delivery through a channel: the recipient's roster key becomes their chat id on the channel in
 * use, at send time. A person without one on this channel is a delivery failure with a reason.
 */
export function rosterDelivery(roster: Roster, channel: ChannelName, send: (chatId: string, name: string, text: string) => Promise<void>): Deliver {
  return async (m) => {
    const chatId = roster.chatIdOf(m.recipient, channel)
    if (!chatId) {
      const p = roster.get(m.recipient)
      throw new DeliveryError(!p && !m.recipient.startsWith('guest:') ? '收件人不在名册中' : p && !p.active ? '收件人已从名册移除' : '收件人在当前通道没有绑定账号（可让本人发送“/绑定 绑定码”）')
    }
    await send(chatId, roster.nameOf(m.recipient), m.text)
  }
}
