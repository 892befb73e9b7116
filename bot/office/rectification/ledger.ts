/**
 * Ledger operations with permissions (need to know): admins and the 书记/巡察办 role see every
 * item; anyone else sees only the items they own or supervise. Create, import, extend and export
 * are for admins; marking done for the owner; closing (销号) for the supervisor or an admin.
 * Owners and supervisors are roster people. Every operation names its actor and is recorded.
 */
import type { Clock } from '../../clock.js'
import { UserError } from '../../errors.js'
import { type Actor, can, isAdmin } from '../roster/model.js'
import type { Roster } from '../roster/roster.js'
import type { Calendar } from './calendar.js'
import { addDuration, parseDate, parseDuration, shanghaiDate, workdaysBetween } from './deadlines.js'
import { type Item, type ItemStatus, type NewItem, NewItemSchema } from './model.js'
import type { LedgerStore, StoredItem } from './store.js'

export type ListFilter = { kind: 'all' } | { kind: 'mine' } | { kind: 'unit'; unit: string } | { kind: 'overdue' } | { kind: 'week' }

/** What a person types to create an item: owner and supervisor as names (or keys), deadline as text. */
export interface ItemInput {
  number: string
  problem: string
  source: string
  unit: string
  owner: string
  supervisor: string
  deadline: string
}

export const NO_ACCESS = '整改台账只对管理员、书记/巡察办和事项的责任人、督办人开放。您目前没有可查看的整改事项；如需开通，请联系管理员。'

export class Ledger {
  constructor(
    readonly store: LedgerStore,
    readonly roster: Roster,
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

  /** Sees every item: admins and the 书记/巡察办 role. */
  seesAll(a: Actor): boolean {
    return isAdmin(a) || can(a, 'secretary')
  }

  mayView(a: Actor, i: Item): boolean {
    return this.seesAll(a) || i.ownerKey === a.key || i.supervisorKey === a.key
  }

  /** The item, if the actor may see it; otherwise the same answer as for a number that does not exist. */
  get(number: string, actor: Actor): StoredItem {
    const i = this.store.byNumber(number.trim())
    if (!i || !this.mayView(actor, i)) throw new UserError(`没有编号为“${number.trim().slice(0, 40)}”的整改事项，或您无权查看。可用“/整改 列表”查看您的事项。`)
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

  create(input: ItemInput, actor: Actor): { item: StoredItem; notes: string[] } {
    if (!isAdmin(actor)) throw new UserError('只有管理员可以新建整改事项。')
    const dl = this.resolveDeadline(input.deadline)
    if (dl.date < this.today()) throw new UserError(`整改期限 ${dl.date} 早于今天（${this.today()}），请检查期限。`)
    const owner = this.roster.require(input.owner, { label: '责任人', unitHint: input.unit.trim() })
    const supervisor = this.roster.require(input.supervisor, { label: '督办人', role: 'supervisor' })
    const p = NewItemSchema.safeParse({ ...input, ownerKey: owner.key, supervisorKey: supervisor.key, deadline: dl.date })
    if (!p.success) throw new UserError(`新建失败：${p.error.issues.map((i) => i.message).join('；')}`)
    const [item] = this.store.create([p.data], actor, this.now())
    return { item: item as StoredItem, notes: dl.notes }
  }

  import(items: NewItem[], actor: Actor): StoredItem[] {
    if (!isAdmin(actor)) throw new UserError('只有管理员可以导入台账。')
    return this.store.create(items, actor, this.now(), 'import')
  }

  done(number: string, note: string, actor: Actor): StoredItem {
    const i = this.get(number, actor)
    if (i.ownerKey !== actor.key && !isAdmin(actor)) throw new UserError(`只有责任人（${this.roster.nameOf(i.ownerKey)}）可以报告“${i.number}”整改完成。`)
    if (i.status === '已销号') throw new UserError(`“${i.number}”已销号，无需再报完成。`)
    if (i.status === '已完成待销号') throw new UserError(`“${i.number}”已报告完成，正在等待督办人销号。`)
    if (!note.trim()) throw new UserError('请写明整改情况，例如：/整改 完成 XC-01 已建立制度并组织学习')
    const text = note.trim().slice(0, 500)
    return this.store.update(i, { status: '已完成待销号', completion: text }, actor, this.now(), 'done', text)
  }

  close(number: string, note: string, actor: Actor): StoredItem {
    const i = this.get(number, actor)
    if (i.supervisorKey !== actor.key && !isAdmin(actor)) throw new UserError(`只有督办人（${this.roster.nameOf(i.supervisorKey)}）或管理员可以对“${i.number}”销号。`)
    if (i.status === '已销号') throw new UserError(`“${i.number}”已经销号。`)
    if (i.status !== '已完成待销号') throw new UserError(`“${i.number}”尚未报告整改完成，不能销号。`)
    return this.store.update(i, { status: '已销号' }, actor, this.now(), 'close', note.trim().slice(0, 500))
  }

  extend(number: string, newDeadline: string, reason: string, actor: Actor): { item: StoredItem; notes: string[] } {
    if (!isAdmin(actor)) throw new UserError('只有管理员可以延期。')
    const i = this.get(number, actor)
    if (i.status === '已销号') throw new UserError(`“${i.number}”已销号，不能延期。`)
    if (!reason.trim()) throw new UserError('延期必须写明理由，例如：/整改 延期 XC-01 2026-12-31 涉及资金需上级审批')
    const dl = this.resolveDeadline(newDeadline)
    if (dl.date <= i.deadline) throw new UserError(`新期限 ${dl.date} 不晚于原期限 ${i.deadline}。`)
    if (dl.date < this.today()) throw new UserError(`新期限 ${dl.date} 早于今天（${this.today()}）。`)
    const status: ItemStatus = i.status === '逾期' ? '整改中' : i.status
    return { item: this.store.update(i, { deadline: dl.date, status }, actor, this.now(), 'extend', reason.trim().slice(0, 500)), notes: dl.notes }
  }

  /** Items the actor may see, filtered. Someone who may see nothing gets a polite refusal. */
  list(f: ListFilter, actor: Actor): StoredItem[] {
    const today = this.today()
    const all = this.seesAll(actor) && f.kind !== 'mine' ? this.store.all() : this.store.ofPerson(actor.key)
    if (!all.length && !this.seesAll(actor)) throw new UserError(NO_ACCESS)
    const open = f.kind === 'all' ? all : all.filter((i) => i.status !== '已销号')
    switch (f.kind) {
      case 'unit':
        return open.filter((i) => i.unit.includes(f.unit))
      case 'overdue':
        return open.filter((i) => this.statusOf(i) === '逾期')
      case 'week':
        return open.filter((i) => i.status !== '已完成待销号' && i.deadline >= today && workdaysBetween(today, i.deadline, this.calendar) <= 5)
      default:
        return open
    }
  }

  itemLine(i: Item): string {
    return `${i.number}｜${i.unit}｜${this.roster.nameOf(i.ownerKey)}｜期限 ${i.deadline}｜${this.statusOf(i)}｜${i.problem.slice(0, 30)}${i.problem.length > 30 ? '…' : ''}`
  }
}
