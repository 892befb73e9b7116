import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { SCHEMA_VERSION, checkDatabase, openDatabase, schemaVersion } from '../../../../bot/office/db.js'
import { UserError } from '../../../../bot/errors.js'
import { NO_ACCESS } from '../../../../bot/office/rectification/ledger.js'
import { LedgerStore } from '../../../../bot/office/rectification/store.js'
import { tempDir } from '../../../helpers/kb.js'
import { ADMIN, OWNER, SECRETARY, STRANGER, SUPERVISOR, item, ledgerFixture , pk } from '../../../helpers/ledger.js'

describe('ledger store', () => {
  it('migrates a new database in WAL mode, owner-only, and reopens it without migrating again', () => {
    const f = ledgerFixture()
    expect(schemaVersion(f.db)).toBe(SCHEMA_VERSION)
    expect(f.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(statSync(f.file).mode & 0o077).toBe(0)
    f.ledger.create(item(), ADMIN)
    f.db.close()
    const again = openDatabase(f.file)
    expect(schemaVersion(again)).toBe(SCHEMA_VERSION)
    expect(new LedgerStore(again).all()).toHaveLength(1)
    expect(checkDatabase(again)).toEqual([])
    again.close()
  })

  it('brings a v2 ledger (free-text names) forward: names become roster entries, nothing is lost', () => {
    const file = join(tempDir(), 'old.sqlite')
    const old = new Database(file)
    old.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
      CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, number TEXT NOT NULL UNIQUE, problem TEXT NOT NULL, source TEXT NOT NULL DEFAULT '', unit TEXT NOT NULL, owner TEXT NOT NULL, supervisor TEXT NOT NULL, deadline TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1);
      CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, item_id INTEGER NOT NULL REFERENCES items(id), at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, changes TEXT NOT NULL, note TEXT NOT NULL DEFAULT '');
      CREATE INDEX history_item ON history(item_id);
      CREATE TABLE nudges (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, item_id INTEGER, recipient TEXT NOT NULL, text TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'folded')), created_at TEXT NOT NULL, sent_at TEXT);
      INSERT INTO schema_migrations VALUES (1, 't'), (2, 't');
      INSERT INTO items VALUES (1, 'XC-01', '问题一', '巡察', '县财政局', '王科长', '李书记', '2026-11-20', '已完成待销号', 't0', 't1', 2);
      INSERT INTO items VALUES (2, 'XC-02', '问题二', '巡察', '县教育局', '王科长', '李书记', '2026-12-20', '整改中', 't0', 't0', 1);
      INSERT INTO history VALUES (1, 1, 't0', '李书记', 'create', '{}', ''), (2, 1, 't1', '王科长', 'done', '{"status":["整改中","已完成待销号"]}', '已建立制度'), (3, 2, 't0', '李书记', 'create', '{}', '');
      INSERT INTO nudges VALUES (1, 'item:1:before-7', 1, '王科长', '提醒', 'sent', 't0', 't0');`)
    old.close()
    const db = openDatabase(file)
    const store = new LedgerStore(db)
    const [a, b] = [store.byNumber('XC-01')!, store.byNumber('XC-02')!]
    // Two owners of the same name in two units are two people; the supervisor is one.
    expect(a.ownerKey).not.toBe(b.ownerKey)
    expect(a.supervisorKey).toBe(b.supervisorKey)
    expect(a).toMatchObject({ status: '已完成待销号', completion: '已建立制度' })
    expect(store.history(a.id).map((h) => [h.actorName, h.action])).toEqual([['李书记', 'create'], ['王科长', 'done']])
    expect(db.prepare('SELECT recipient, state FROM outbox').all()).toEqual([{ recipient: a.ownerKey, state: 'sent' }])
    expect(checkDatabase(db)).toEqual([])
    db.close()
  })

  it('refuses a database from a newer version instead of guessing', () => {
    const file = join(tempDir(), 'new.sqlite')
    openDatabase(file).close()
    const raw = new Database(file)
    raw.prepare('INSERT INTO schema_migrations VALUES (99, ?)').run('t')
    raw.close()
    expect(() => openDatabase(file)).toThrow(/更新版本的程序/)
  })

  it('creates all items or none', () => {
    const f = ledgerFixture()
    const it = { number: 'A', problem: '问题一', source: '', unit: '县财政局', ownerKey: 'W01', supervisorKey: 'D01', deadline: '2026-12-01' }
    expect(() => f.store.create([it, it], ADMIN, 't')).toThrow(/已存在/)
    expect(f.store.all()).toEqual([])
  })

  it('never overwrites a change made meanwhile', () => {
    const f = ledgerFixture()
    f.ledger.create(item(), ADMIN)
    const read1 = f.store.byNumber('XC-01')!
    const read2 = f.store.byNumber('XC-01')!
    f.store.update(read1, { status: '已完成待销号' }, OWNER, 't1', 'done', '已整改')
    expect(() => f.store.update(read2, { deadline: '2026-12-31' }, ADMIN, 't2', 'extend', '延期')).toThrow(/刚刚被其他人修改过/)
    expect(f.store.history(read1.id).map((h) => [h.actorName, h.action])).toEqual([['李书记', 'create'], ['王科长', 'done']])
  })
})

describe('ledger operations and permissions', () => {
  it('lets admins create with a duration deadline counted in working days; owners and supervisors come from the roster', () => {
    const f = ledgerFixture()
    const r = f.ledger.create({ ...item(), deadline: '15个工作日' }, ADMIN)
    expect(r.item).toMatchObject({ deadline: '2026-11-23', ownerKey: 'W01', supervisorKey: 'D01' })
    expect(() => f.ledger.create(item({ number: 'B' }), OWNER)).toThrow(/只有管理员可以新建/)
    expect(() => f.ledger.create(item({ number: 'C', owner: '王科' }), ADMIN)).toThrow(/名册中没有“王科”/)
    expect(() => f.ledger.create(item({ number: 'D', supervisor: '王科长' }), ADMIN)).toThrow(/没有“督办”角色/)
  })

  it('refuses a deadline in the past instead of nudging it as long overdue', () => {
    const f = ledgerFixture('2026-11-21T02:00:00Z')
    expect(() => f.ledger.create(item({ deadline: '2022-03-01' }), ADMIN)).toThrow(/早于今天（2026-11-21）/)
    expect(f.store.count()).toBe(0)
  })

  it('tells namesakes apart by unit, and asks when it cannot', () => {
    const f = ledgerFixture()
    f.roster.store.upsert([{ key: pk('W02'), name: '王科长', unit: '县教育局', roles: [] }], ADMIN, 't')
    expect(f.ledger.create(item({ number: 'A', unit: '县教育局' }), ADMIN).item.ownerKey).toBe('W02')
    expect(f.ledger.create(item({ number: 'B', unit: '县水利局', owner: '王科长（县财政局）' }), ADMIN).item.ownerKey).toBe('W01')
    expect(() => f.ledger.create(item({ number: 'C', unit: '县水利局' }), ADMIN)).toThrow(/有 2 位“王科长”：W01（县财政局）、W02（县教育局）/)
  })

  it('goes 整改中 → 已完成待销号 (owner) → 已销号 (supervisor) with history and the completion note', () => {
    const f = ledgerFixture()
    f.ledger.create(item(), ADMIN)
    expect(() => f.ledger.done('XC-01', '已整改', SUPERVISOR)).toThrow(/只有责任人（王科长）/)
    expect(() => f.ledger.close('XC-01', '', ADMIN)).toThrow(/尚未报告整改完成/)
    expect(() => f.ledger.done('XC-01', '', OWNER)).toThrow(/请写明整改情况/)
    f.ledger.done('XC-01', '已建立制度', OWNER)
    expect(() => f.ledger.close('XC-01', '', OWNER)).toThrow(/只有督办人（赵主任）或管理员/)
    const closed = f.ledger.close('XC-01', '核实无误', SUPERVISOR)
    expect(closed).toMatchObject({ status: '已销号', completion: '已建立制度' })
    const h = f.store.history(closed.id)
    expect(h.map((e) => e.action)).toEqual(['create', 'done', 'close'])
    expect(h[1]).toMatchObject({ actorKey: 'W01', note: '已建立制度', changes: { status: ['整改中', '已完成待销号'] } })
  })

  it('extends only with a reason and a later date, keeping the old deadline in the history', () => {
    const f = ledgerFixture()
    f.ledger.create(item(), ADMIN)
    expect(() => f.ledger.extend('XC-01', '2026-12-31', '', ADMIN)).toThrow(/必须写明理由/)
    expect(() => f.ledger.extend('XC-01', '2026-11-01', '原因', ADMIN)).toThrow(/不晚于原期限/)
    expect(() => f.ledger.extend('XC-01', '2026-12-31', '原因', OWNER)).toThrow(/只有管理员可以延期/)
    const r = f.ledger.extend('XC-01', '2026年12月31日', '需上级审批', ADMIN)
    expect(r.item.deadline).toBe('2026-12-31')
    expect(f.store.history(r.item.id).at(-1)).toMatchObject({ action: 'extend', note: '需上级审批', changes: { deadline: ['2026-11-20', '2026-12-31'] } })
  })

  it('shows items on a need-to-know basis', () => {
    const f = ledgerFixture('2026-11-23T01:00:00Z')
    const at = '2026-11-02T01:00:00Z'
    f.store.create(
      [
        { number: 'A', problem: '问题甲', source: '', unit: '县财政局', ownerKey: 'W01', supervisorKey: 'D01', deadline: '2026-11-20' },
        { number: 'B', problem: '问题乙', source: '', unit: '县教育局', ownerKey: 'Z01', supervisorKey: 'A01', deadline: '2026-11-25' },
        { number: 'C', problem: '问题丙', source: '', unit: '县财政局', ownerKey: 'W01', supervisorKey: 'D01', deadline: '2027-03-01' },
      ],
      ADMIN,
      at,
    )
    const nums = (xs: Array<{ number: string }>) => xs.map((i) => i.number)
    expect(nums(f.ledger.list({ kind: 'overdue' }, ADMIN))).toEqual(['A'])
    expect(nums(f.ledger.list({ kind: 'week' }, ADMIN))).toEqual(['B'])
    expect(nums(f.ledger.list({ kind: 'unit', unit: '教育' }, SECRETARY))).toEqual(['B'])
    expect(nums(f.ledger.list({ kind: 'all' }, OWNER))).toEqual(['A', 'C'])
    expect(nums(f.ledger.list({ kind: 'mine' }, SUPERVISOR))).toEqual(['A', 'C'])
    expect(() => f.ledger.list({ kind: 'all' }, STRANGER)).toThrow(NO_ACCESS)
    // Someone else's item looks exactly like one that does not exist.
    expect(() => f.ledger.get('B', OWNER)).toThrow(/没有编号为“B”的整改事项，或您无权查看/)
    expect(() => f.ledger.get('NOPE', OWNER)).toThrow(UserError)
    expect(f.ledger.get('B', SECRETARY).number).toBe('B')
    expect(f.ledger.statusOf(f.ledger.get('A', ADMIN))).toBe('逾期')
  })
})
