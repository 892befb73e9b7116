/**
 * The ledger in SQLite (better-sqlite3, WAL) in the data folder, with numbered schema migrations.
 * Every change is a history row with who and when; nothing is overwritten silently: an update
 * names the version it read (optimistic check) and fails if the row changed meanwhile.
 * Nudges are rows too: recorded as 'sending' before a message goes out and 'sent' after, so a
 * crash loses nothing and repeats at most the one in flight.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { UserError } from '../errors.js'
import { type HistoryEntry, type Item, ItemSchema, type ItemStatus, type NewItem } from './model.js'

const MIGRATIONS: string[] = [
  `CREATE TABLE items (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     number TEXT NOT NULL UNIQUE,
     problem TEXT NOT NULL,
     source TEXT NOT NULL DEFAULT '',
     unit TEXT NOT NULL,
     owner TEXT NOT NULL,
     supervisor TEXT NOT NULL,
     deadline TEXT NOT NULL,
     status TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1
   );
   CREATE TABLE history (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     item_id INTEGER NOT NULL REFERENCES items(id),
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     changes TEXT NOT NULL,
     note TEXT NOT NULL DEFAULT ''
   );
   CREATE INDEX history_item ON history(item_id);`,
  `CREATE TABLE nudges (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     key TEXT NOT NULL UNIQUE,
     item_id INTEGER,
     recipient TEXT NOT NULL,
     text TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'folded')),
     created_at TEXT NOT NULL,
     sent_at TEXT
   );
   CREATE INDEX nudges_state ON nudges(state);`,
]

interface Row {
  id: number
  number: string
  problem: string
  source: string
  unit: string
  owner: string
  supervisor: string
  deadline: string
  status: ItemStatus
  created_at: string
  updated_at: string
  version: number
}

const toItem = (r: Row): Item & { version: number } => ({
  ...ItemSchema.parse({
    id: r.id, number: r.number, problem: r.problem, source: r.source, unit: r.unit, owner: r.owner,
    supervisor: r.supervisor, deadline: r.deadline, status: r.status, createdAt: r.created_at, updatedAt: r.updated_at,
  }),
  version: r.version,
})

export interface NudgeRow {
  key: string
  itemId: number | null
  recipient: string
  text: string
  state: 'sending' | 'sent' | 'folded'
}

export class LedgerStore {
  readonly db: Database.Database
  private readonly statements = new Map<string, Database.Statement>()

  /** Prepared statements are cached: the scheduler runs the same few queries thousands of times. */
  private q(sql: string): Database.Statement {
    let st = this.statements.get(sql)
    if (!st) {
      st = this.db.prepare(sql)
      this.statements.set(sql, st)
    }
    return st
  }

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = NORMAL')
    this.db.pragma('foreign_keys = ON')
    this.migrate()
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)')
    const done = new Set((this.db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version))
    MIGRATIONS.forEach((sql, i) => {
      const v = i + 1
      if (done.has(v)) return
      this.db.transaction(() => {
        this.db.exec(sql)
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(v, new Date().toISOString())
      })()
    })
  }

  get schemaVersion(): number {
    return (this.q('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v
  }

  close(): void {
    this.db.close()
  }

  private addHistory(h: HistoryEntry): void {
    this.q('INSERT INTO history (item_id, at, actor, action, changes, note) VALUES (?, ?, ?, ?, ?, ?)').run(h.itemId, h.at, h.actor, h.action, JSON.stringify(h.changes), h.note)
  }

  /** Creates items in one transaction: all or none. Duplicate numbers are refused. */
  create(items: NewItem[], actor: string, at: string, action: 'create' | 'import' = 'create'): Item[] {
    const insert = this.q(
      `INSERT INTO items (number, problem, source, unit, owner, supervisor, deadline, status, created_at, updated_at)
       VALUES (@number, @problem, @source, @unit, @owner, @supervisor, @deadline, '整改中', @at, @at)`,
    )
    const run = this.db.transaction((list: NewItem[]) =>
      list.map((it) => {
        if (this.byNumber(it.number)) throw new UserError(`编号 ${it.number} 已存在，未作任何更改。`)
        const id = Number(insert.run({ ...it, at }).lastInsertRowid)
        this.addHistory({ itemId: id, at, actor, action, changes: {}, note: '' })
        return toItem(this.q('SELECT * FROM items WHERE id = ?').get(id) as Row)
      }),
    )
    return run(items)
  }

  byNumber(number: string): (Item & { version: number }) | undefined {
    const r = this.q('SELECT * FROM items WHERE number = ?').get(number) as Row | undefined
    return r ? toItem(r) : undefined
  }

  all(): Array<Item & { version: number }> {
    return (this.q('SELECT * FROM items ORDER BY deadline, number').all() as Row[]).map(toItem)
  }

  open(): Array<Item & { version: number }> {
    return (this.q("SELECT * FROM items WHERE status IN ('整改中', '逾期') ORDER BY deadline, number").all() as Row[]).map(toItem)
  }

  history(itemId: number): HistoryEntry[] {
    return (this.q('SELECT * FROM history WHERE item_id = ? ORDER BY id').all(itemId) as Array<{ item_id: number; at: string; actor: string; action: HistoryEntry['action']; changes: string; note: string }>).map((r) => ({
      itemId: r.item_id, at: r.at, actor: r.actor, action: r.action, changes: JSON.parse(r.changes) as HistoryEntry['changes'], note: r.note,
    }))
  }

  /**
   * Changes fields of an item read at `version`; refuses if it changed since (someone else acted)
   * and records the change with who, when and why.
   */
  update(item: Item & { version: number }, fields: Partial<Pick<Item, 'status' | 'deadline'>>, actor: string, at: string, action: HistoryEntry['action'], note = ''): Item {
    return this.db.transaction(() => {
      const changes: HistoryEntry['changes'] = {}
      for (const [k, v] of Object.entries(fields)) changes[k] = [item[k as keyof Item], v]
      const sets = Object.keys(fields).map((k) => `${k} = @${k}`).join(', ')
      const r = this.db
        .prepare(`UPDATE items SET ${sets}, updated_at = @at, version = version + 1 WHERE id = @id AND version = @version`)
        .run({ ...fields, at, id: item.id, version: item.version })
      if (r.changes !== 1) throw new UserError(`事项 ${item.number} 刚刚被其他人修改过，请重新查看后再操作。`)
      this.addHistory({ itemId: item.id, at, actor, action, changes, note })
      return toItem(this.q('SELECT * FROM items WHERE id = ?').get(item.id) as Row)
    })()
  }

  // —— nudges ——

  nudge(key: string): NudgeRow | undefined {
    const r = this.q('SELECT key, item_id, recipient, text, state FROM nudges WHERE key = ?').get(key) as { key: string; item_id: number | null; recipient: string; text: string; state: NudgeRow['state'] } | undefined
    return r ? { key: r.key, itemId: r.item_id, recipient: r.recipient, text: r.text, state: r.state } : undefined
  }

  /** Records a nudge as about to be sent (before the send). Returns false if it exists already. */
  beginNudge(n: Omit<NudgeRow, 'state'>, at: string): boolean {
    const r = this.q("INSERT OR IGNORE INTO nudges (key, item_id, recipient, text, state, created_at) VALUES (?, ?, ?, ?, 'sending', ?)").run(n.key, n.itemId, n.recipient, n.text, at)
    return r.changes === 1
  }

  /** Rungs passed over by a catch-up message, recorded so they are never sent later. */
  foldNudge(key: string, itemId: number | null, recipient: string, at: string): void {
    this.q("INSERT OR IGNORE INTO nudges (key, item_id, recipient, text, state, created_at) VALUES (?, ?, ?, '', 'folded', ?)").run(key, itemId, recipient, at)
  }

  finishNudge(key: string, at: string): void {
    this.q("UPDATE nudges SET state = 'sent', sent_at = ? WHERE key = ?").run(at, key)
  }

  /** Nudges recorded as sending whose send was not confirmed (a crash in flight). */
  inFlight(): NudgeRow[] {
    return (this.q("SELECT key, item_id, recipient, text, state FROM nudges WHERE state = 'sending' ORDER BY id").all() as Array<{ key: string; item_id: number | null; recipient: string; text: string; state: NudgeRow['state'] }>).map((r) => ({
      key: r.key, itemId: r.item_id, recipient: r.recipient, text: r.text, state: r.state,
    }))
  }

  sentCount(): number {
    return (this.q("SELECT COUNT(*) AS n FROM nudges WHERE state = 'sent'").get() as { n: number }).n
  }
}
