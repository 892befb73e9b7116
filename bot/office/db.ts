/**
 * The office database: one SQLite file in the data folder (<data>/ledger.sqlite) holding the roster,
 * the rectification ledger with its history, and the outbox of reminders. better-sqlite3, WAL,
 * numbered migrations, owner-only file permissions (the ledger describes inspection findings).
 *
 * @example const db = openDatabase(join(dataDir, 'ledger.sqlite')); new LedgerStore(db)
 */
import Database from 'better-sqlite3'
import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { UserError } from '../errors.js'

export type Db = Database.Database
export type Statement = Database.Statement

/** Prepared statements, cached by SQL: the scheduler runs the same few queries thousands of times. */
export function statementCache(db: Db): (sql: string) => Statement {
  const cache = new Map<string, Statement>()
  return (sql) => {
    let st = cache.get(sql)
    if (!st) {
      st = db.prepare(sql)
      cache.set(sql, st)
    }
    return st
  }
}

/** A migration is SQL, or a function for changes SQL alone cannot express (moving names to keys). */
type Migration = string | ((db: Db) => void)

const V1 = `CREATE TABLE items (
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
   CREATE INDEX history_item ON history(item_id);`

const V2 = `CREATE TABLE nudges (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     key TEXT NOT NULL UNIQUE,
     item_id INTEGER,
     recipient TEXT NOT NULL,
     text TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'folded')),
     created_at TEXT NOT NULL,
     sent_at TEXT
   );
   CREATE INDEX nudges_state ON nudges(state);`

/**
 * v3: people are roster entries with stable keys. Items name their owner and supervisor by key;
 * the outbox replaces the nudge table (attempts, next try, failure). Ledgers written by v1/v2 kept
 * free-text names: each distinct name (with the item's unit for owners) becomes a roster entry
 * without chat ids, so nothing is lost and an admin can bind the people afterwards.
 */
function v3(db: Db): void {
  db.exec(`
    CREATE TABLE people (
      key TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      unit TEXT NOT NULL DEFAULT '',
      roles TEXT NOT NULL DEFAULT '',
      active INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX people_name ON people(name);
    CREATE TABLE chat_ids (
      channel TEXT NOT NULL,
      chat_id TEXT NOT NULL,
      person_key TEXT NOT NULL REFERENCES people(key),
      bound_at TEXT NOT NULL,
      PRIMARY KEY (channel, chat_id)
    );
    CREATE UNIQUE INDEX chat_ids_person ON chat_ids(person_key, channel);
    CREATE TABLE bind_codes (
      code_hash TEXT PRIMARY KEY,
      person_key TEXT NOT NULL REFERENCES people(key),
      created_by TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      used_at TEXT
    );
    CREATE TABLE audit (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at TEXT NOT NULL,
      actor_key TEXT NOT NULL,
      actor_name TEXT NOT NULL,
      action TEXT NOT NULL,
      subject TEXT NOT NULL DEFAULT '',
      detail TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE items_v3 (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      number TEXT NOT NULL UNIQUE,
      problem TEXT NOT NULL,
      source TEXT NOT NULL DEFAULT '',
      unit TEXT NOT NULL,
      owner_key TEXT NOT NULL REFERENCES people(key),
      supervisor_key TEXT NOT NULL REFERENCES people(key),
      deadline TEXT NOT NULL,
      status TEXT NOT NULL,
      completion TEXT NOT NULL DEFAULT '',
      next_check TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      version INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE history_v3 (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      item_id INTEGER NOT NULL REFERENCES items_v3(id),
      at TEXT NOT NULL,
      actor_key TEXT NOT NULL,
      actor_name TEXT NOT NULL,
      action TEXT NOT NULL,
      changes TEXT NOT NULL,
      note TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      key TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      item_id INTEGER,
      recipient TEXT NOT NULL,
      text TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'folded')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_at TEXT,
      last_error TEXT,
      created_at TEXT NOT NULL,
      sent_at TEXT,
      reported_at TEXT
    );
    CREATE INDEX outbox_due ON outbox(state, next_at);
  `)
  const now = new Date().toISOString()
  const keyOf = new Map<string, string>()
  let n = 0
  const person = (name: string, unit: string, roles: string) => {
    const id = `${name}\u0000${unit}`
    let key = keyOf.get(id)
    if (!key) {
      key = `P${String(++n).padStart(4, '0')}`
      keyOf.set(id, key)
      db.prepare('INSERT INTO people (key, name, unit, roles, active, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)').run(key, name, unit, roles, now, now)
    }
    return key
  }
  const items = db.prepare('SELECT * FROM items ORDER BY id').all() as Array<Record<string, string | number>>
  const supOf = new Map<string, string>()
  for (const i of items) {
    const sup = String(i.supervisor)
    if (!supOf.has(sup)) supOf.set(sup, person(sup, '', 'supervisor'))
  }
  const ownerKeys = new Map<number, string>()
  for (const i of items) ownerKeys.set(Number(i.id), person(String(i.owner), String(i.unit), ''))
  const byName = new Map<string, string>()
  for (const [id, key] of keyOf) byName.set(id.split('\u0000')[0] as string, key)
  const insert = db.prepare(
    `INSERT INTO items_v3 (id, number, problem, source, unit, owner_key, supervisor_key, deadline, status, completion, next_check, created_at, updated_at, version)
     VALUES (@id, @number, @problem, @source, @unit, @owner_key, @supervisor_key, @deadline, @status, @completion, '', @created_at, @updated_at, @version)`,
  )
  for (const i of items) {
    const done = db.prepare("SELECT note FROM history WHERE item_id = ? AND action = 'done' ORDER BY id DESC LIMIT 1").get(i.id) as { note: string } | undefined
    insert.run({ ...i, owner_key: ownerKeys.get(Number(i.id)), supervisor_key: supOf.get(String(i.supervisor)), completion: done?.note ?? '' })
  }
  const itemById = new Map(items.map((i) => [Number(i.id), i]))
  // A name is resolved through the item it is about: namesakes in two units stay two people.
  const keyFor = (name: string, itemId: number | null) => {
    const it = itemId === null ? undefined : itemById.get(itemId)
    if (it && String(it.owner) === name) return ownerKeys.get(Number(it.id))
    return supOf.get(name) ?? byName.get(name)
  }
  for (const h of db.prepare('SELECT * FROM history ORDER BY id').all() as Array<Record<string, string | number>>) {
    const actor = String(h.actor)
    const key = actor === '系统' ? 'system' : actor === '命令行' ? 'cli' : (keyFor(actor, Number(h.item_id)) ?? `legacy:${actor}`)
    db.prepare('INSERT INTO history_v3 (id, item_id, at, actor_key, actor_name, action, changes, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(h.id, h.item_id, h.at, key, actor, h.action, h.changes, h.note)
  }
  for (const r of db.prepare('SELECT * FROM nudges ORDER BY id').all() as Array<Record<string, string | number | null>>) {
    const recipient = keyFor(String(r.recipient), r.item_id === null ? null : Number(r.item_id)) ?? `legacy:${r.recipient}`
    const kind = String(r.key).startsWith('digest:') ? 'digest' : String(r.key).endsWith(':escalate') ? 'escalation' : 'nudge'
    db.prepare('INSERT INTO outbox (key, kind, item_id, recipient, text, state, attempts, created_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      r.key, kind, r.item_id, recipient, r.text, r.state === 'sending' ? 'sending' : r.state, r.state === 'folded' ? 0 : 1, r.created_at, r.sent_at,
    )
  }
  db.exec(`
    DROP TABLE nudges;
    DROP INDEX history_item;
    DROP TABLE history;
    DROP TABLE items;
    ALTER TABLE items_v3 RENAME TO items;
    ALTER TABLE history_v3 RENAME TO history;
    CREATE INDEX history_item ON history(item_id);
    CREATE INDEX items_next_check ON items(next_check);
    CREATE INDEX items_owner ON items(owner_key);
    CREATE INDEX items_supervisor ON items(supervisor_key);
  `)
}

/** Trainer sessions: imported question banks, quizzes run in rooms, their questions and answers. */
const V4 = `CREATE TABLE quiz_items (
     id TEXT PRIMARY KEY,
     bank TEXT NOT NULL,
     item TEXT NOT NULL,
     imported_at TEXT NOT NULL,
     imported_by TEXT NOT NULL
   );
   CREATE INDEX quiz_items_bank ON quiz_items(bank);
   CREATE TABLE quizzes (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     channel TEXT NOT NULL,
     room_id TEXT NOT NULL,
     room_topic TEXT NOT NULL DEFAULT '',
     trainer_key TEXT NOT NULL,
     title TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('running', 'paused', 'finished')),
     seconds INTEGER NOT NULL,
     total INTEGER NOT NULL,
     current INTEGER NOT NULL DEFAULT 0,
     deadline TEXT,
     remaining_ms INTEGER,
     created_at TEXT NOT NULL,
     finished_at TEXT,
     end_reason TEXT
   );
   CREATE UNIQUE INDEX quizzes_one_per_room ON quizzes(channel, room_id) WHERE state <> 'finished';
   CREATE TABLE quiz_questions (
     quiz_id INTEGER NOT NULL REFERENCES quizzes(id),
     n INTEGER NOT NULL,
     item TEXT NOT NULL,
     posted_at TEXT,
     closed_at TEXT,
     PRIMARY KEY (quiz_id, n)
   );
   CREATE TABLE quiz_answers (
     quiz_id INTEGER NOT NULL REFERENCES quizzes(id),
     n INTEGER NOT NULL,
     person_key TEXT NOT NULL,
     name TEXT NOT NULL,
     answer TEXT NOT NULL,
     correct INTEGER NOT NULL,
     ms INTEGER NOT NULL,
     at TEXT NOT NULL,
     PRIMARY KEY (quiz_id, n, person_key)
   );
   CREATE TABLE quiz_notices (
     quiz_id INTEGER NOT NULL REFERENCES quizzes(id),
     person_key TEXT NOT NULL,
     kind TEXT NOT NULL,
     PRIMARY KEY (quiz_id, person_key, kind)
   );`

/** Personal practice: the wrong-answer book with its spaced-repetition cards, open rounds, nudge opt-in. */
const V5 = `CREATE TABLE practice_cards (
     person_key TEXT NOT NULL,
     item_id TEXT NOT NULL,
     item TEXT NOT NULL,
     card TEXT NOT NULL,
     due TEXT NOT NULL,
     wrong INTEGER NOT NULL DEFAULT 0,
     added_at TEXT NOT NULL,
     PRIMARY KEY (person_key, item_id)
   );
   CREATE INDEX practice_due ON practice_cards(person_key, due);
   CREATE TABLE practice_rounds (
     person_key TEXT PRIMARY KEY,
     items TEXT NOT NULL,
     position INTEGER NOT NULL,
     asked_at TEXT NOT NULL,
     correct INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE practice_prefs (
     person_key TEXT PRIMARY KEY,
     nudge INTEGER NOT NULL DEFAULT 0
   );`

/**
 * Q&A training sessions (/培训): the questions asked in a room during the window and their outcome.
 * The only place question text is stored, and only while a trainer has a session open.
 */
const V6 = `CREATE TABLE training_sessions (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     channel TEXT NOT NULL,
     room_id TEXT NOT NULL,
     room_topic TEXT NOT NULL DEFAULT '',
     trainer_key TEXT NOT NULL,
     started_at TEXT NOT NULL,
     ended_at TEXT
   );
   CREATE UNIQUE INDEX training_one_per_room ON training_sessions(channel, room_id) WHERE ended_at IS NULL;
   CREATE TABLE training_questions (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     session_id INTEGER NOT NULL REFERENCES training_sessions(id),
     at TEXT NOT NULL,
     asker_key TEXT NOT NULL,
     asker_name TEXT NOT NULL,
     question TEXT NOT NULL,
     outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'weak', 'unanswered')),
     citations TEXT NOT NULL DEFAULT '[]',
     marked_wrong INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX training_questions_session ON training_questions(session_id);`

/** A question's answer, so that a rating given under it (WeCom's 👍/👎) marks that very question. */
const V7 = `ALTER TABLE training_questions ADD COLUMN answer_ref TEXT;
   CREATE INDEX training_questions_answer ON training_questions(answer_ref);`

/**
 * The expert queue and the FAQ it feeds. A queued question's text is kept only in
 * expert_questions, read by experts and admins, and deleted with its entry (answered or dismissed).
 * An FAQ entry keeps the question it answers and its citations with the version each had when it
 * was approved, so that a new version flags it for review.
 */
const V8 = `CREATE TABLE expert_questions (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     group_id INTEGER NOT NULL,
     asked_at TEXT NOT NULL,
     asker_key TEXT NOT NULL,
     channel TEXT NOT NULL,
     reason TEXT NOT NULL CHECK (reason IN ('no-basis', 'down', 'human')),
     question TEXT NOT NULL,
     candidates TEXT NOT NULL DEFAULT '[]'
   );
   CREATE INDEX expert_questions_group ON expert_questions(group_id);
   CREATE TABLE faq_entries (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     question TEXT NOT NULL,
     answer TEXT NOT NULL,
     citations TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'review')),
     author_key TEXT NOT NULL,
     approver_key TEXT,
     created_at TEXT NOT NULL,
     approved_at TEXT,
     review_note TEXT
   );`

export const MIGRATIONS: Migration[] = [V1, V2, v3, V4, V5, V6, V7, V8]
export const SCHEMA_VERSION = MIGRATIONS.length

/**
 * Opens (creating if needed) the database: owner-only permissions on the folder and the file,
 * WAL, foreign keys, and every pending migration, each in its own transaction.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') {
    const dir = dirname(file)
    if (existsSync(dir)) {
      // An existing data folder keeps its permissions; the file itself is made owner-only.
    } else mkdirSync(dir, { recursive: true, mode: 0o700 })
  }
  let db: Db
  try {
    db = new Database(file)
  } catch (e) {
    throw new UserError(`无法打开台账数据库 ${file}：${(e as Error).message}`)
  }
  if (file !== ':memory:') {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600)
  }
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  migrate(db)
  if (file !== ':memory:') {
    for (const f of [`${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600)
  }
  return db
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)')
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version))
  const newest = Math.max(0, ...done)
  if (newest > MIGRATIONS.length) throw new UserError(`台账数据库由更新版本的程序创建（结构版本 ${newest}，本程序支持到 ${MIGRATIONS.length}），请升级程序后再打开。`)
  // Foreign keys are checked after each migration, not during (tables are rebuilt in place).
  db.pragma('foreign_keys = OFF')
  MIGRATIONS.forEach((m, i) => {
    const v = i + 1
    if (done.has(v)) return
    db.transaction(() => {
      if (typeof m === 'string') db.exec(m)
      else m(db)
      const bad = db.pragma('foreign_key_check') as unknown[]
      if (bad.length) throw new Error(`migration ${v} left ${bad.length} dangling references`)
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(v, new Date().toISOString())
    })()
  })
  db.pragma('foreign_keys = ON')
}

export function schemaVersion(db: Db): number {
  return (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v
}

export function getMeta(db: Db, key: string): string | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value)
}

/** Consistency check of a database file: SQLite's own checks plus the ones the schema cannot state. */
export function checkDatabase(db: Db): string[] {
  const problems: string[] = []
  const integrity = db.pragma('integrity_check', { simple: true })
  if (integrity !== 'ok') problems.push(`SQLite 完整性检查未通过：${String(integrity)}`)
  const fk = db.pragma('foreign_key_check') as unknown[]
  if (fk.length) problems.push(`有 ${fk.length} 处引用指向不存在的记录`)
  const v = schemaVersion(db)
  if (v !== SCHEMA_VERSION) problems.push(`结构版本为 ${v}，应为 ${SCHEMA_VERSION}`)
  const badStatus = db.prepare("SELECT COUNT(*) AS n FROM items WHERE status NOT IN ('整改中', '已完成待销号', '已销号', '逾期')").get() as { n: number }
  if (badStatus.n) problems.push(`${badStatus.n} 项整改事项的状态无效`)
  const noHistory = db.prepare('SELECT COUNT(*) AS n FROM items WHERE id NOT IN (SELECT item_id FROM history)').get() as { n: number }
  if (noHistory.n) problems.push(`${noHistory.n} 项整改事项没有任何历史记录`)
  return problems
}
