/**
 * Deadline nudges by polling: each `tick(now)` works out, from the store alone, which rungs of the
 * ladder are due (7, 3 and 1 working days before, on the day, every working day overdue, and an
 * escalation to the supervisor after N overdue days) and sends what has not been sent, once.
 * Only on working days, in working hours, Asia/Shanghai. Missed rungs (downtime) are folded into
 * one catch-up message. Each nudge is recorded before sending and confirmed after: a crash loses
 * nothing and repeats at most the one message in flight. A daily digest goes to each supervisor.
 */
import type { Calendar } from './calendar.js'
import { shanghaiDate, weekday, workdaysBetween } from './deadlines.js'
import type { Ledger } from './ledger.js'
import type { Item } from './model.js'

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

export interface Outgoing {
  key: string
  itemId: number | null
  recipient: string
  text: string
  /** Earlier rungs this message stands for (recorded as folded, never sent). */
  folds: string[]
}

export type Send = (recipient: string, text: string) => Promise<void>

function shanghaiHour(now: Date): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(now))
}

interface Rung {
  key: string
  kind: 'before' | 'due' | 'overdue'
  n: number
}

export class NudgeScheduler {
  constructor(
    private readonly ledger: Ledger,
    private readonly calendar: Calendar,
    private readonly policy: NudgePolicy = DEFAULT_POLICY,
  ) {}

  /** True when messages may go out at `now` (a working day, in working hours, Shanghai time). */
  inWorkingHours(now: Date): boolean {
    const h = shanghaiHour(now)
    return this.calendar.isWorkday(shanghaiDate(now)) && h >= this.policy.workStart && h < this.policy.workEnd
  }

  /** The owner's rungs reached by `today`, oldest first. */
  private rungs(i: Item, today: string): Rung[] {
    const out: Rung[] = []
    const left = workdaysBetween(today, i.deadline, this.calendar)
    for (const b of [...this.policy.before].sort((a, c) => c - a)) if (left <= b && left > 0) out.push({ key: `item:${i.id}:before-${b}`, kind: 'before', n: b })
    if (today >= i.deadline) out.push({ key: `item:${i.id}:due`, kind: 'due', n: 0 })
    const overdue = -left
    if (today > i.deadline && overdue >= 1 && this.calendar.isWorkday(today)) out.push({ key: `item:${i.id}:overdue-${today}`, kind: 'overdue', n: overdue })
    return out
  }

  private ownerText(i: Item, r: Rung, folded: number, today: string): string {
    const head = r.kind === 'before' ? `【整改提醒】距整改期限还有 ${workdaysBetween(today, i.deadline, this.calendar)} 个工作日` : r.kind === 'due' ? '【整改提醒】今天是整改期限' : `【整改逾期】已逾期 ${r.n} 个工作日`
    const lines = [head, `${i.number}：${i.problem.slice(0, 60)}${i.problem.length > 60 ? '…' : ''}`, `责任单位：${i.unit}；期限：${i.deadline}（${weekday(i.deadline)}）`, '完成后请发送：/整改 完成 ' + i.number + ' 整改情况']
    if (folded > 0) lines.push(`（期间未能按时提醒 ${folded} 次，本条一并补发。）`)
    return lines.join('\n')
  }

  /** What would be sent at `now` (also used by `npm run rectify -- nudges --at`). Sends and records nothing. */
  plan(now: Date): Outgoing[] {
    if (!this.inWorkingHours(now)) return []
    const today = shanghaiDate(now)
    const store = this.ledger.store
    const out: Outgoing[] = []
    const open = store.open().filter((i) => i.status !== '已完成待销号')
    for (const i of open) {
      const due = this.rungs(i, today).filter((r) => !store.nudge(r.key))
      if (due.length) {
        const latest = due[due.length - 1] as Rung
        // A missed before/due rung is folded into the latest one; past overdue days are simply not sent.
        const folds = due.slice(0, -1).map((r) => r.key)
        out.push({ key: latest.key, itemId: i.id, recipient: i.owner, text: this.ownerText(i, latest, folds.length, today), folds })
      }
      const overdue = -workdaysBetween(today, i.deadline, this.calendar)
      const escKey = `item:${i.id}:escalate`
      if (today > i.deadline && overdue >= this.policy.escalateAfter && !store.nudge(escKey)) {
        out.push({ key: escKey, itemId: i.id, recipient: i.supervisor, text: `【逾期督办】${i.number}（${i.unit}，责任人 ${i.owner}）已逾期 ${overdue} 个工作日，期限 ${i.deadline}。\n${i.problem.slice(0, 60)}`, folds: [] })
      }
    }
    // Daily digest per supervisor: due within 7 working days, and overdue, per unit.
    const bySup = new Map<string, Item[]>()
    for (const i of store.all()) if (i.status !== '已销号') bySup.set(i.supervisor, [...(bySup.get(i.supervisor) ?? []), i])
    for (const [sup, items] of bySup) {
      const key = `digest:${sup}:${today}`
      if (store.nudge(key)) continue
      const overdue = items.filter((i) => i.deadline < today && i.status !== '已完成待销号')
      const soon = items.filter((i) => i.deadline >= today && workdaysBetween(today, i.deadline, this.calendar) <= 7 && i.status !== '已完成待销号')
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
      out.push({ key, itemId: null, recipient: sup, text: lines.join('\n'), folds: [] })
    }
    return out
  }

  /**
   * Sends what is due at `now`: first any message left in flight by a crash, then the plan.
   * Returns the keys sent. A send that throws stays 'sending' and is retried on the next tick.
   */
  async tick(now: Date, send: Send): Promise<string[]> {
    if (!this.inWorkingHours(now)) return []
    const store = this.ledger.store
    const at = now.toISOString()
    const sent: string[] = []
    for (const n of store.inFlight()) {
      await send(n.recipient, n.text)
      store.finishNudge(n.key, at)
      sent.push(n.key)
    }
    this.markOverdue(now)
    for (const o of this.plan(now)) {
      if (!store.beginNudge({ key: o.key, itemId: o.itemId, recipient: o.recipient, text: o.text }, at)) continue
      for (const f of o.folds) store.foldNudge(f, o.itemId, o.recipient, at)
      await send(o.recipient, o.text)
      store.finishNudge(o.key, at)
      sent.push(o.key)
    }
    return sent
  }

  /** Open items past their deadline become 逾期, with a history entry by the system. */
  private markOverdue(now: Date): void {
    const today = shanghaiDate(now)
    for (const i of this.ledger.store.open()) {
      if (i.status === '整改中' && today > i.deadline) this.ledger.store.update(i, { status: '逾期' }, '系统', now.toISOString(), 'overdue', '超过整改期限')
    }
  }
}
