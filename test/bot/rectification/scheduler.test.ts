import { describe, expect, it } from 'vitest'
import { NudgeScheduler } from '../../../bot/rectification/scheduler.js'
import { ADMIN, item, ledgerFixture } from '../../helpers/ledger.js'

// Shanghai is UTC+8: 01:30Z is 09:30 there.
const at = (day: string, hhmmZ = '01:30') => new Date(`${day}T${hhmmZ}:00Z`)

function setup(created = '2026-11-02T01:00:00Z') {
  const f = ledgerFixture(created)
  f.ledger.create(item(), ADMIN) // deadline Friday 2026-11-20
  const sched = new NudgeScheduler(f.ledger, f.calendar)
  const outbox: Array<{ to: string; text: string }> = []
  const tick = async (now: Date) => {
    f.clock.set(now.toISOString())
    return sched.tick(now, async (to, text) => {
      outbox.push({ to, text })
    })
  }
  return { ...f, sched, outbox, tick }
}

describe('nudge ladder', () => {
  it('sends 7, 3 and 1 working days before, on the day, then daily overdue, each once', async () => {
    const s = setup()
    expect(await s.tick(at('2026-11-11'))).toEqual(['item:1:before-7', 'digest:李书记:2026-11-11'])
    expect(await s.tick(at('2026-11-11', '05:00'))).toEqual([])
    expect(await s.tick(at('2026-11-12'))).toEqual(['digest:李书记:2026-11-12'])
    expect(await s.tick(at('2026-11-17'))).toEqual(['item:1:before-3', 'digest:李书记:2026-11-17'])
    expect(await s.tick(at('2026-11-19'))).toEqual(['item:1:before-1', 'digest:李书记:2026-11-19'])
    expect(await s.tick(at('2026-11-20'))).toEqual(['item:1:due', 'digest:李书记:2026-11-20'])
    expect(await s.tick(at('2026-11-23'))).toEqual(['item:1:overdue-2026-11-23', 'digest:李书记:2026-11-23'])
    expect(await s.tick(at('2026-11-24'))).toEqual(['item:1:overdue-2026-11-24', 'digest:李书记:2026-11-24'])
    expect(await s.tick(at('2026-11-25'))).toEqual(['item:1:overdue-2026-11-25', 'item:1:escalate', 'digest:李书记:2026-11-25'])
    const esc = s.outbox.find((o) => o.text.startsWith('【逾期督办】'))
    expect(esc).toMatchObject({ to: '李书记', text: expect.stringContaining('已逾期 3 个工作日') })
    expect(s.outbox.filter((o) => o.to === '王科长').map((o) => o.text.split('\n')[0])).toEqual([
      '【整改提醒】距整改期限还有 7 个工作日',
      '【整改提醒】距整改期限还有 3 个工作日',
      '【整改提醒】距整改期限还有 1 个工作日',
      '【整改提醒】今天是整改期限',
      '【整改逾期】已逾期 1 个工作日',
      '【整改逾期】已逾期 2 个工作日',
      '【整改逾期】已逾期 3 个工作日',
    ])
    expect(s.ledger.get('XC-01').status).toBe('逾期')
    expect(s.store.history(1).at(-1)).toMatchObject({ actor: '系统', action: 'overdue' })
  })

  it('sends only on working days, in working hours, Shanghai time', async () => {
    const s = setup()
    expect(await s.tick(at('2026-11-20', '00:30'))).toEqual([]) // 08:30 in Shanghai
    expect(await s.tick(at('2026-11-20', '10:00'))).toEqual([]) // 18:00 in Shanghai
    expect(await s.tick(at('2026-11-19', '16:00'))).toEqual([]) // Shanghai midnight, 11-20 00:00
    expect(await s.tick(at('2026-11-21'))).toEqual([]) // Saturday
    expect(await s.tick(at('2026-10-10'))).toEqual([]) // nothing due yet on a 调休 Saturday
    expect(s.sched.inWorkingHours(at('2026-10-10'))).toBe(true)
    expect(s.sched.inWorkingHours(at('2026-10-05'))).toBe(false) // National Day
  })

  it('folds rungs missed during downtime into one catch-up message', async () => {
    const s = setup()
    expect(await s.tick(at('2026-11-19'))).toEqual(['item:1:before-1', 'digest:李书记:2026-11-19'])
    const [msg] = s.outbox
    expect(msg?.text).toMatch(/期间未能按时提醒 2 次，本条一并补发/)
    expect(s.store.nudge('item:1:before-7')?.state).toBe('folded')
    expect(await s.tick(at('2026-11-19', '05:00'))).toEqual([])
  })

  it('stops nudging the owner once the work is reported done; the digest lists it for closing', async () => {
    const s = setup()
    s.ledger.done('XC-01', '已整改', { name: '王科长', admin: false })
    expect(await s.tick(at('2026-11-23'))).toEqual(['digest:李书记:2026-11-23'])
    expect(s.outbox[0]?.text).toMatch(/待销号 1 项/)
  })

  it('a failed send stays in flight and is retried on the next tick, not lost', async () => {
    const s = setup()
    s.clock.set(at('2026-11-20').toISOString())
    await expect(s.sched.tick(at('2026-11-20'), async () => {
      throw new Error('network down')
    })).rejects.toThrow('network down')
    expect(s.store.inFlight().map((n) => n.key)).toEqual(['item:1:due'])
    expect(await s.tick(at('2026-11-20', '02:30'))).toEqual(['item:1:due', 'digest:李书记:2026-11-20'])
    expect(s.store.inFlight()).toEqual([])
  })

  it('plans without sending or recording', async () => {
    const s = setup()
    s.clock.set(at('2026-11-20').toISOString())
    expect(s.sched.plan(at('2026-11-20')).map((o) => o.key)).toEqual(['item:1:due', 'digest:李书记:2026-11-20'])
    expect(s.store.sentCount()).toBe(0)
  })
})
