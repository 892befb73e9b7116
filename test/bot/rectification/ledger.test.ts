import { describe, expect, it } from 'vitest'
import { UserError } from '../../../bot/errors.js'
import { LedgerStore } from '../../../bot/rectification/store.js'
import { ADMIN, item, ledgerFixture } from '../../helpers/ledger.js'

const OWNER = { name: '王科长', admin: false }
const OTHER = { name: '赵某某', admin: false }

describe('ledger store', () => {
  it('migrates a new database in WAL mode and reopens it without migrating again', () => {
    const f = ledgerFixture()
    expect(f.store.schemaVersion).toBe(2)
    expect(f.store.db.pragma('journal_mode', { simple: true })).toBe('wal')
    f.store.create([item()], '李书记', '2026-11-02T01:00:00Z')
    f.store.close()
    const again = new LedgerStore(f.file)
    expect(again.schemaVersion).toBe(2)
    expect(again.all()).toHaveLength(1)
    again.close()
  })

  it('creates all items or none', () => {
    const f = ledgerFixture()
    expect(() => f.store.create([item({ number: 'A' }), item({ number: 'A' })], 'x', 't')).toThrow(/已存在/)
    expect(f.store.all()).toEqual([])
  })

  it('never overwrites a change made meanwhile', () => {
    const f = ledgerFixture()
    f.store.create([item()], '李书记', 't0')
    const read1 = f.store.byNumber('XC-01')!
    const read2 = f.store.byNumber('XC-01')!
    f.store.update(read1, { status: '已完成待销号' }, '王科长', 't1', 'done', '已整改')
    expect(() => f.store.update(read2, { deadline: '2026-12-31' }, '李书记', 't2', 'extend', '延期')).toThrow(/刚刚被其他人修改过/)
    expect(f.store.history(read1.id).map((h) => [h.actor, h.action])).toEqual([['李书记', 'create'], ['王科长', 'done']])
  })
})

describe('ledger operations and permissions', () => {
  it('lets admins create with a duration deadline counted in working days', () => {
    const f = ledgerFixture()
    const r = f.ledger.create({ ...item(), deadline: '15个工作日' }, ADMIN)
    expect(r.item.deadline).toBe('2026-11-23')
    expect(() => f.ledger.create({ ...item({ number: 'B' }) }, OWNER)).toThrow(/只有管理员可以新建/)
  })

  it('goes 整改中 → 已完成待销号 (owner) → 已销号 (supervisor) with history', () => {
    const f = ledgerFixture()
    f.ledger.create(item(), ADMIN)
    expect(() => f.ledger.done('XC-01', '已整改', OTHER)).toThrow(/只有责任人（王科长）/)
    expect(() => f.ledger.close('XC-01', '', ADMIN)).toThrow(/尚未报告整改完成/)
    expect(() => f.ledger.done('XC-01', '', OWNER)).toThrow(/请写明整改情况/)
    f.ledger.done('XC-01', '已建立制度', OWNER)
    expect(() => f.ledger.close('XC-01', '', OWNER)).toThrow(/只有督办人（李书记）或管理员/)
    const closed = f.ledger.close('XC-01', '核实无误', { name: '李书记', admin: false })
    expect(closed.status).toBe('已销号')
    const h = f.store.history(closed.id)
    expect(h.map((e) => e.action)).toEqual(['create', 'done', 'close'])
    expect(h[1]).toMatchObject({ actor: '王科长', note: '已建立制度', changes: { status: ['整改中', '已完成待销号'] } })
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

  it('lists mine, by unit, overdue and due this week', () => {
    const f = ledgerFixture('2026-11-23T01:00:00Z')
    f.store.create([item({ number: 'A', deadline: '2026-11-20' }), item({ number: 'B', deadline: '2026-11-25', unit: '县教育局', owner: '张老师' }), item({ number: 'C', deadline: '2027-03-01' })], 'x', 't')
    expect(f.ledger.list({ kind: 'overdue' }).map((i) => i.number)).toEqual(['A'])
    expect(f.ledger.list({ kind: 'week' }).map((i) => i.number)).toEqual(['B'])
    expect(f.ledger.list({ kind: 'unit', unit: '教育' }).map((i) => i.number)).toEqual(['B'])
    expect(f.ledger.list({ kind: 'mine', name: '张老师' }).map((i) => i.number)).toEqual(['B'])
    expect(f.ledger.statusOf(f.ledger.get('A'))).toBe('逾期')
    expect(() => f.ledger.get('NOPE')).toThrow(UserError)
  })
})
