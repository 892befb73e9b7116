/**
 * Ledger operations with permissions: create and extend (admins), mark done (the owner), close
 * (销号: the supervisor or an admin). Every operation names its actor and goes into the history.
 */
import type { Clock } from '../clock.js'
import { UserError } from '../errors.js'
import type { Calendar } from './calendar.js'
import { addDuration, parseDate, parseDuration, shanghaiDate, workdaysBetween } from './deadlines.js'
import { type Item, type ItemStatus, type NewItem, NewItemSchema } from './model.js'
import type { LedgerStore } from './store.js'

export interface Actor {
  name: string
  admin: boolean
}

export type ListFilter = { kind: 'all' } | { kind: 'mine'; name: string } | { kind: 'unit'; unit: string } | { kind: 'overdue' } | { kind: 'week' }

export class Ledger {
  constructor(
    readonly store: LedgerStore,
    private readonly calendar: Calendar,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return shanghaiDate(this.clock.now())
  }

  private now(): string {
    return this.clock.now().toISOString()
  }

  /** 逾期 is shown for open items past their deadline even before the scheduler has marked them. */
  statusOf(i: Item): ItemStatus {
    return i.status === '整改中' && this.today() > i.deadline ? '逾期' : i.status
  }

  get(number: string) {
    const i = this.store.byNumber(number.trim())
    if (!i) throw new UserError(`没有编号为“${number.trim().slice(0, 40)}”的整改事项。可用“/整改 列表”查看。`)
    return i
  }

  /** Deadline as a date or as a duration from today (2个月, 15个工作日). */
  resolveDeadline(raw: string): { date: string; notes: string[] } {
    const today = this.today()
    if (/^[0-9０-９零〇一二两三四五六七八九十百]+个?(工作日|日|天|周|星期|个月|月|年)(内|以内)?$/.test(raw.trim())) {
      const r = addDuration(today, parseDuration(raw), this.calendar)
      return { date: r.due, notes: r.notes }
    }
    return { date: parseDate(raw, today), notes: [] }
  }

  create(input: Omit<NewItem, 'deadline'> & { deadline: string }, actor: Actor): { item: Item; notes: string[] } {
    if (!actor.admin) throw new UserError('只有管理员可以新建整改事项。')
    const dl = this.resolveDeadline(input.deadline)
    const p = NewItemSchema.safeParse({ ...input, deadline: dl.date })
    if (!p.success) throw new UserError(`新建失败：${p.error.issues.map((i) => i.message).join('；')}`)
    const [item] = this.store.create([p.data], actor.name, this.now())
    return { item: item as Item, notes: dl.notes }
  }

  import(items: NewItem[], actor: Actor): Item[] {
    if (!actor.admin) throw new UserError('只有管理员可以导入台账。')
    return this.store.create(items, actor.name, this.now(), 'import')
  }

  done(number: string, note: string, actor: Actor): Item {
    const i = this.get(number)
    if (i.owner !== actor.name && !actor.admin) throw new UserError(`只有责任人（${i.owner}）可以报告“${i.number}”整改完成。`)
    if (i.status === '已销号') throw new UserError(`“${i.number}”已销号，无需再报完成。`)
    if (i.status === '已完成待销号') throw new UserError(`“${i.number}”已报告完成，正在等待督办人销号。`)
    if (!note.trim()) throw new UserError('请写明整改情况，例如：/整改 完成 XC-01 已建立制度并组织学习')
    return this.store.update(i, { status: '已完成待销号' }, actor.name, this.now(), 'done', note.trim().slice(0, 500))
  }

  close(number: string, note: string, actor: Actor): Item {
    const i = this.get(number)
    if (i.supervisor !== actor.name && !actor.admin) throw new UserError(`只有督办人（${i.supervisor}）或管理员可以对“${i.number}”销号。`)
    if (i.status === '已销号') throw new UserError(`“${i.number}”已经销号。`)
    if (i.status !== '已完成待销号') throw new UserError(`“${i.number}”尚未报告整改完成，不能销号。`)
    return this.store.update(i, { status: '已销号' }, actor.name, this.now(), 'close', note.trim().slice(0, 500))
  }

  extend(number: string, newDeadline: string, reason: string, actor: Actor): { item: Item; notes: string[] } {
    if (!actor.admin) throw new UserError('只有管理员可以延期。')
    const i = this.get(number)
    if (i.status === '已销号') throw new UserError(`“${i.number}”已销号，不能延期。`)
    if (!reason.trim()) throw new UserError('延期必须写明理由，例如：/整改 延期 XC-01 2026-12-31 涉及资金需上级审批')
    const dl = this.resolveDeadline(newDeadline)
    if (dl.date <= i.deadline) throw new UserError(`新期限 ${dl.date} 不晚于原期限 ${i.deadline}。`)
    const status: ItemStatus = i.status === '逾期' ? '整改中' : i.status
    return { item: this.store.update(i, { deadline: dl.date, status }, actor.name, this.now(), 'extend', reason.trim().slice(0, 500)), notes: dl.notes }
  }

  list(f: ListFilter): Item[] {
    const today = this.today()
    const all = f.kind === 'all' ? this.store.all() : this.store.all().filter((i) => i.status !== '已销号')
    switch (f.kind) {
      case 'mine':
        return all.filter((i) => i.owner === f.name || i.supervisor === f.name)
      case 'unit':
        return all.filter((i) => i.unit.includes(f.unit))
      case 'overdue':
        return all.filter((i) => this.statusOf(i) === '逾期')
      case 'week':
        return all.filter((i) => i.status !== '已完成待销号' && i.deadline >= today && workdaysBetween(today, i.deadline, this.calendar) <= 5)
      default:
        return all
    }
  }
}

export function itemLine(i: Item, status: string): string {
  return `${i.number}｜${i.unit}｜${i.owner}｜期限 ${i.deadline}｜${status}｜${i.problem.slice(0, 30)}${i.problem.length > 30 ? '…' : ''}`
}
