/**
 * The ledger in SQLite (the office database, see bot/office/db.ts). Every change is a history row with
 * who and when; nothing is overwritten silently: an update names the version it read (optimistic
 * check) and fails if the row changed meanwhile. `next_check` is the date the scheduler next has
 * to look at an open item, so a tick reads only the items that may have something due.
 */
import { type Db, type Statement, statementCache } from '../db.js'
import { UserError } from '../../errors.js'
import type { Actor } from '../roster/model.js'
import { type HistoryAction, type HistoryEntry, type Item, ItemSchema, type ItemStatus, type NewItem, type RestoredItem } from './model.js'

interface Row {
  id: number
  number: string
  problem: string
  source: string
  unit: string
  owner_key: string
  supervisor_key: string
  deadline: string
  status: ItemStatus
  completion: string
  next_check: string | null
  created_at: string
  updated_at: string
  version: number
}

export type StoredItem = Item & { version: number }

const toItem = (r: Row): StoredItem => ({
  ...ItemSchema.parse({
    id: r.id, number: r.number, problem: r.problem, source: r.source, unit: r.unit, ownerKey: r.owner_key, supervisorKey: r.supervisor_key,
    deadline: r.deadline, status: r.status, completion: r.completion, createdAt: r.created_at, updatedAt: r.updated_at,
  }),
  version: r.version,
})

/** next_check for an item that must be looked at on the next tick. */
const CHECK_NOW = ''

export class LedgerStore {
  private readonly q: (sql: string) => Statement

  constructor(readonly db: Db) {
    this.q = statementCache(db)
  }

  private addHistory(h: HistoryEntry): void {
    this.q('INSERT INTO history (item_id, at, actor_key, actor_name, action, changes, note) VALUES (?, ?, ?, ?, ?, ?, ?)').run(h.itemId, h.at, h.actorKey, h.actorName, h.action, JSON.stringify(h.changes), h.note)
  }

  private row(id: number): StoredItem {
    return toItem(this.q('SELECT * FROM items WHERE id = ?').get(id) as Row)
  }

  /** Creates items in one transaction: all or none. Duplicate numbers are refused. */
  create(items: NewItem[], actor: Actor, at: string, action: 'create' | 'import' = 'create'): StoredItem[] {
    const insert = this.q(
      `INSERT INTO items (number, problem, source, unit, owner_key, supervisor_key, deadline, status, completion, next_check, created_at, updated_at)
       VALUES (@number, @problem, @source, @unit, @ownerKey, @supervisorKey, @deadline, '整改中', '', '${CHECK_NOW}', @at, @at)`,
    )
    return this.db.transaction((list: NewItem[]) =>
      list.map((it) => {
        if (this.byNumber(it.number)) throw new UserError(`编号 ${it.number} 已存在，未作任何更改。`)
        const id = Number(insert.run({ ...it, at }).lastInsertRowid)
        this.addHistory({ itemId: id, at, actorKey: actor.key, actorName: actor.name, action, changes: {}, note: '' })
        return this.row(id)
      }),
    )(items)
  }

  /**
   * Restores items with their state, times and history (an export read back), in one
   * transaction. Items without history rows get one 'import' entry so that none is without a trail.
   */
  restore(items: RestoredItem[], history: Map<string, Array<Omit<HistoryEntry, 'itemId'>>>, actor: Actor, at: string): StoredItem[] {
    const insert = this.q(
      `INSERT INTO items (number, problem, source, unit, owner_key, supervisor_key, deadline, status, completion, next_check, created_at, updated_at)
       VALUES (@number, @problem, @source, @unit, @ownerKey, @supervisorKey, @deadline, @status, @completion, '${CHECK_NOW}', @createdAt, @updatedAt)`,
    )
    return this.db.transaction(() =>
      items.map((it) => {
        if (this.byNumber(it.number)) throw new UserError(`编号 ${it.number} 已存在，未作任何更改。`)
        const id = Number(insert.run(it).lastInsertRowid)
        const h = history.get(it.number) ?? []
        if (h.length) for (const e of h) this.addHistory({ ...e, itemId: id })
        else this.addHistory({ itemId: id, at, actorKey: actor.key, actorName: actor.name, action: 'import', changes: {}, note: '' })
        return this.row(id)
      }),
    )()
  }

  byNumber(number: string): StoredItem | undefined {
    const r = this.q('SELECT * FROM items WHERE number = ?').get(number) as Row | undefined
    return r ? toItem(r) : undefined
  }

  byId(id: number): StoredItem | undefined {
    const r = this.q('SELECT * FROM items WHERE id = ?').get(id) as Row | undefined
    return r ? toItem(r) : undefined
  }

  all(): StoredItem[] {
    return (this.q('SELECT * FROM items ORDER BY deadline, number').all() as Row[]).map(toItem)
  }

  count(): number {
    return (this.q('SELECT COUNT(*) AS n FROM items').get() as { n: number }).n
  }

  /** Items a person owns or supervises. */
  ofPerson(key: string): StoredItem[] {
    return (this.q('SELECT * FROM items WHERE owner_key = ? OR supervisor_key = ? ORDER BY deadline, number').all(key, key) as Row[]).map(toItem)
  }

  /** Open items whose next check date has come (the scheduler's work list). */
  dueForCheck(today: string): StoredItem[] {
    return (this.q("SELECT * FROM items WHERE status IN ('整改中', '逾期') AND next_check IS NOT NULL AND next_check <= ? ORDER BY id").all(today) as Row[]).map(toItem)
  }

  setNextCheck(id: number, date: string | null): void {
    this.q('UPDATE items SET next_check = ? WHERE id = ?').run(date, id)
  }

  /** Every open item is looked at again on the next tick (after the reminder policy changed). */
  recheckAll(): void {
    this.q(`UPDATE items SET next_check = '${CHECK_NOW}' WHERE status IN ('整改中', '逾期')`).run()
  }

  history(itemId: number): HistoryEntry[] {
    return (this.q('SELECT * FROM history WHERE item_id = ? ORDER BY id').all(itemId) as Array<{ item_id: number; at: string; actor_key: string; actor_name: string; action: HistoryAction; changes: string; note: string }>).map((r) => ({
      itemId: r.item_id, at: r.at, actorKey: r.actor_key, actorName: r.actor_name, action: r.action, changes: JSON.parse(r.changes) as HistoryEntry['changes'], note: r.note,
    }))
  }

  /**
   * Changes fields of an item read at `version`; refuses if it changed since (someone else acted)
   * and records the change with who, when and why. A change of deadline or status makes the
   * scheduler look at the item again on its next tick.
   */
  update(item: StoredItem, fields: Partial<Pick<Item, 'status' | 'deadline' | 'completion'>>, actor: Actor, at: string, action: HistoryAction, note = ''): StoredItem {
    return this.db.transaction(() => {
      const changes: HistoryEntry['changes'] = {}
      for (const [k, v] of Object.entries(fields)) if (k !== 'completion') changes[k] = [String(item[k as keyof Item]), String(v)]
      const sets = Object.keys(fields).map((k) => `${k} = @${k}`).join(', ')
      const r = this.db
        .prepare(`UPDATE items SET ${sets}, next_check = '${CHECK_NOW}', updated_at = @at, version = version + 1 WHERE id = @id AND version = @version`)
        .run({ ...fields, at, id: item.id, version: item.version })
      if (r.changes !== 1) throw new UserError(`事项 ${item.number} 刚刚被其他人修改过，请重新查看后再操作。`)
      this.addHistory({ itemId: item.id, at, actorKey: actor.key, actorName: actor.name, action, changes, note })
      return this.row(item.id)
    })()
  }
}
