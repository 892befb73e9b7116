import { describe, expect, it } from 'vitest'
import { DeliveryError, Outbox } from '../../../../bot/office/rectification/outbox.js'
import { NudgeScheduler, rosterDelivery } from '../../../../bot/office/rectification/scheduler.js'
import { CLI_ACTOR, type PersonKey } from '../../../../bot/office/roster/model.js'
import { ADMIN, item, ledgerFixture, OWNER } from '../../../helpers/ledger.js'

// Shanghai is UTC+8: 01:30Z is 09:30 there.
const at = (day: string, hhmmZ = '01:30') => new Date(`${day}T${hhmmZ}:00Z`)

function setup(created = '2026-11-02T01:00:00Z', o: { maxAttempts?: number; items?: boolean } = {}) {
  const f = ledgerFixture(created)
  if (o.items !== false) f.ledger.create(item(), ADMIN) // deadline Friday 2026-11-20, owner 王科长 (W01), supervisor 赵主任 (D01)
  const outbox = new Outbox(f.db, { maxAttempts: o.maxAttempts ?? 3, backoffMs: () => 60_000, sendTimeoutMs: 1000 })
  const sched = new NudgeScheduler({ ledger: f.ledger, outbox, roster: f.roster, calendar: f.calendar })
  const sent: Array<{ to: string; text: string }> = []
  let failFor = new Set<string>()
  const deliver = rosterDelivery(f.roster, 'wechaty', async (chatId, _name, text) => {
    if (failFor.has(chatId)) throw new Error('network down')
    sent.push({ to: chatId, text })
  })
  const tick = async (now: Date) => {
    f.clock.set(now.toISOString())
    return (await sched.tick(() => f.clock.now(), deliver, 'wechaty')).sent
  }
  return { ...f, outbox, sched, sent, tick, failing: (ids: string[]) => (failFor = new Set(ids)) }
}

const K = 'item:1:2026-11-20'

describe('nudge ladder', () => {
  it('sends 7, 3 and 1 working days before, on the day, then daily overdue, each once', async () => {
    const s = setup()
    expect(await s.tick(at('2026-11-11'))).toEqual([`${K}:before-7`, 'digest:D01:2026-11-11'])
    expect(await s.tick(at('2026-11-11', '05:00'))).toEqual([])
    expect(await s.tick(at('2026-11-12'))).toEqual(['digest:D01:2026-11-12'])
    expect(await s.tick(at('2026-11-17'))).toEqual([`${K}:before-3`, 'digest:D01:2026-11-17'])
    expect(await s.tick(at('2026-11-19'))).toEqual([`${K}:before-1`, 'digest:D01:2026-11-19'])
    expect(await s.tick(at('2026-11-20'))).toEqual([`${K}:due`, 'digest:D01:2026-11-20'])
    expect(await s.tick(at('2026-11-23'))).toEqual([`${K}:overdue-2026-11-23`, 'digest:D01:2026-11-23'])
    expect(await s.tick(at('2026-11-24'))).toEqual([`${K}:overdue-2026-11-24`, 'digest:D01:2026-11-24'])
    expect(await s.tick(at('2026-11-25'))).toEqual([`${K}:overdue-2026-11-25`, `${K}:escalate`, 'digest:D01:2026-11-25'])
    const esc = s.sent.find((o) => o.text.startsWith('【逾期督办】'))
    // Addressed by roster key, delivered to that person's current chat id.
    expect(esc).toMatchObject({ to: 'wx-zhao', text: expect.stringContaining('已逾期 3 个工作日') })
    expect(esc?.text).toContain('责任人 王科长')
    expect(s.sent.filter((o) => o.to === 'wx-wang').map((o) => o.text.split('\n')[0])).toEqual([
      '【整改提醒】距整改期限还有 7 个工作日',
      '【整改提醒】距整改期限还有 3 个工作日',
      '【整改提醒】距整改期限还有 1 个工作日',
      '【整改提醒】今天是整改期限',
      '【整改逾期】已逾期 1 个工作日',
      '【整改逾期】已逾期 2 个工作日',
      '【整改逾期】已逾期 3 个工作日',
    ])
    expect(s.store.byNumber('XC-01')?.status).toBe('逾期')
    expect(s.store.history(1).at(-1)).toMatchObject({ actorName: '系统', action: 'overdue' })
  })

  it('delivers to the chat id the person has at send time (rebinding follows the person)', async () => {
    const s = setup()
    s.roster.store.bind('W01', 'wechaty', 'wx-wang-new-phone', CLI_ACTOR, '2026-11-10T01:00:00Z')
    await s.tick(at('2026-11-11'))
    expect(s.sent.find((m) => m.text.startsWith('【整改提醒】'))?.to).toBe('wx-wang-new-phone')
    expect(s.sent.some((m) => m.to === 'wx-wang')).toBe(false)
  })

  it('sends only on working days, in working hours, Shanghai time', async () => {
    const s = setup()
    expect(await s.tick(at('2026-11-20', '00:30'))).toEqual([]) // 08:30 in Shanghai
    expect(await s.tick(at('2026-11-20', '10:00'))).toEqual([]) // 18:00 in Shanghai
    expect(await s.tick(at('2026-11-19', '16:00'))).toEqual([]) // Shanghai midnight, 11-20 00:00
    expect(await s.tick(at('2026-11-21'))).toEqual([]) // Saturday
    expect(s.sched.inWorkingHours(at('2026-10-10'))).toBe(true) // 调休 Saturday
    expect(s.sched.inWorkingHours(at('2026-10-05'))).toBe(false) // National Day
    expect(s.outbox.countBy()).toMatchObject({ pending: 0, sent: 0 })
  })

  it('folds rungs missed during downtime into one catch-up message', async () => {
    const s = setup()
    expect(await s.tick(at('2026-11-19'))).toEqual([`${K}:before-1`, 'digest:D01:2026-11-19'])
    expect(s.sent[0]?.text).toMatch(/期间未能按时提醒 2 次，本条一并补发/)
    expect(s.outbox.get(`${K}:before-7`)?.state).toBe('folded')
    expect(await s.tick(at('2026-11-19', '05:00'))).toEqual([])
  })

  it('does not call rungs that fell before the item existed "missed"', async () => {
    // Created on 11-18, two working days before the deadline: the 7- and 3-day rungs were never due.
    const s = setup('2026-11-18T01:00:00Z')
    expect(await s.tick(at('2026-11-18'))).toEqual([`${K}:before-3`, 'digest:D01:2026-11-18'])
    expect(s.sent[0]?.text).not.toMatch(/未能按时提醒/)
    expect(s.outbox.get(`${K}:before-7`)?.state).toBe('folded')
  })

  it('starts the ladder again for a new deadline after an extension', async () => {
    const s = setup()
    await s.tick(at('2026-11-19'))
    s.clock.set(at('2026-11-19', '03:00').toISOString())
    s.ledger.extend('XC-01', '2026-12-04', '需上级审批', ADMIN)
    expect(await s.tick(at('2026-11-25'))).toContain('item:1:2026-12-04:before-7')
  })

  it('stops nudging the owner once the work is reported done; the digest lists it for closing', async () => {
    const s = setup()
    s.clock.set(at('2026-11-19').toISOString())
    s.ledger.done('XC-01', '已整改', OWNER)
    expect(await s.tick(at('2026-11-23'))).toEqual(['digest:D01:2026-11-23'])
    expect(s.sent[0]?.text).toMatch(/待销号 1 项/)
  })

  it('plans without sending or recording', async () => {
    const s = setup()
    s.clock.set(at('2026-11-20').toISOString())
    expect(s.sched.plan(at('2026-11-20')).map((o) => o.key)).toEqual([`${K}:due`, 'digest:D01:2026-11-20'])
    expect(s.outbox.countBy()).toMatchObject({ pending: 0, sent: 0 })
  })
})

describe('delivery failures are isolated', () => {
  it('a failed send is retried later with backoff, not lost, and ends failed after N tries', async () => {
    const s = setup()
    s.failing(['wx-wang'])
    expect(await s.tick(at('2026-11-20'))).toEqual(['digest:D01:2026-11-20']) // the supervisor still gets theirs
    expect(s.outbox.get(`${K}:due`)).toMatchObject({ state: 'pending', attempts: 1, lastError: '发送失败：network down' })
    expect(await s.tick(at('2026-11-20', '01:30'))).toEqual([]) // not before its next try
    await s.tick(at('2026-11-20', '01:32'))
    await s.tick(at('2026-11-20', '01:34'))
    expect(s.outbox.get(`${K}:due`)).toMatchObject({ state: 'failed', attempts: 3 })
    s.failing([])
    expect(await s.tick(at('2026-11-20', '02:00'))).not.toContain(`${K}:due`) // failed for good
  })

  it('one undeliverable recipient among 1,000 items: everyone else is reminded in the same tick; admins get one digest', async () => {
    const s = setup('2026-11-02T01:00:00Z', { items: false })
    const people = Array.from({ length: 1000 }, (_, i) => ({ key: `P${i}` as PersonKey, name: `责任人${i}`, unit: '县财政局', roles: [], chatIds: i === 500 ? {} : { wechaty: `wx-p${i}` } }))
    s.roster.store.upsert(people, CLI_ACTOR, '2026-11-02T01:00:00Z')
    s.ledger.import(people.map((p, i) => ({ number: `N${i}`, problem: '问题', source: '', unit: '县财政局', ownerKey: p.key, supervisorKey: 'D01', deadline: '2026-11-20' })), ADMIN)
    const sent = await s.tick(at('2026-11-20'))
    expect(sent.filter((k) => k.endsWith(':due'))).toHaveLength(999)
    expect(s.outbox.get('item:501:2026-11-20:due')).toMatchObject({ state: 'pending', attempts: 1, lastError: expect.stringMatching(/没有绑定账号/) })
    await s.tick(at('2026-11-20', '01:32'))
    await s.tick(at('2026-11-20', '01:34'))
    expect(s.outbox.get('item:501:2026-11-20:due')?.state).toBe('failed')
    const notice = s.sent.filter((m) => m.text.startsWith('【提醒未能送达】'))
    expect(notice).toHaveLength(1)
    expect(notice[0]).toMatchObject({ to: 'wx-li', text: expect.stringMatching(/N500 整改提醒 → 责任人500（P500）：收件人在当前通道没有绑定账号/) })
    // Reported once: a later tick that day adds no second notice.
    await s.tick(at('2026-11-20', '05:00'))
    expect(s.sent.filter((m) => m.text.startsWith('【提醒未能送达】'))).toHaveLength(1)
  })

  it('a slow recipient times out and delays nobody for longer than the timeout', async () => {
    const s = setup()
    const outbox = new Outbox(s.db, { maxAttempts: 3, backoffMs: () => 60_000, sendTimeoutMs: 50 })
    const sched = new NudgeScheduler({ ledger: s.ledger, outbox, roster: s.roster, calendar: s.calendar })
    const got: string[] = []
    s.clock.set(at('2026-11-20').toISOString())
    const r = await sched.tick(() => s.clock.now(), async (m) => {
      if (m.recipient === 'W01') await new Promise((res) => setTimeout(res, 5_000))
      got.push(m.key)
    }, 'wechaty')
    expect(r.failed).toEqual([`${K}:due`])
    expect(got).toEqual(['digest:D01:2026-11-20'])
    expect(outbox.get(`${K}:due`)?.lastError).toBe('发送超时')
  })

  it('a recipient removed from the roster or never bound is a named failure, not a crash', async () => {
    const s = setup()
    const deliver = rosterDelivery(s.roster, 'wecom', async () => undefined)
    await expect(deliver({ key: 'k', kind: 'nudge', itemId: 1, recipient: 'W01', text: 't', state: 'pending', attempts: 0, nextAt: null, lastError: null, createdAt: '', sentAt: null })).rejects.toBeInstanceOf(DeliveryError)
    await expect(deliver({ key: 'k', kind: 'nudge', itemId: 1, recipient: 'NOPE', text: 't', state: 'pending', attempts: 0, nextAt: null, lastError: null, createdAt: '', sentAt: null })).rejects.toThrow(/不在名册中/)
  })
})

describe('next-check index', () => {
  it('reads only items that can have something due', async () => {
    const s = setup()
    await s.tick(at('2026-11-11'))
    // Next thing for XC-01 is the 3-day rung on 11-17: nothing to read until then.
    expect(s.store.dueForCheck('2026-11-16')).toEqual([])
    expect(s.store.dueForCheck('2026-11-17').map((i) => i.number)).toEqual(['XC-01'])
  })

  it('a changed ladder makes every open item be looked at again', async () => {
    const s = setup()
    await s.tick(at('2026-11-11'))
    expect(s.store.dueForCheck('2026-11-12')).toEqual([])
    new NudgeScheduler({ ledger: s.ledger, outbox: s.outbox, roster: s.roster, calendar: s.calendar, policy: { before: [10, 5], escalateAfter: 2, workStart: 9, workEnd: 18 } })
    expect(s.store.dueForCheck('2026-11-12').map((i) => i.number)).toEqual(['XC-01'])
  })
})

describe('reminder loop', () => {
  it('does nothing at all while the channel is not logged in, and resumes after login', async () => {
    const s = setup()
    let online = false
    const logs: string[] = []
    const { ReminderLoop } = await import('../../../../bot/office/rectification/scheduler.js')
    const loop = new ReminderLoop({
      channel: { ready: () => online },
      scheduler: s.sched,
      deliver: rosterDelivery(s.roster, 'wechaty', async (chatId, _n, text) => void s.sent.push({ to: chatId, text })),
      channelName: 'wechaty',
      now: () => s.clock.now(),
      log: { info: (_o, m) => logs.push(m ?? ''), warn: (m) => logs.push(m), error: (_o, m) => logs.push(m ?? '') },
    })
    s.clock.set(at('2026-11-23').toISOString()) // overdue: a tick would mark 逾期 and record nudges
    expect(await loop.step()).toBe('paused')
    expect(await loop.step()).toBe('paused')
    expect(s.store.byNumber('XC-01')?.status).toBe('整改中')
    expect(s.outbox.countBy()).toMatchObject({ pending: 0, sent: 0, folded: 0 })
    expect(logs).toEqual(['channel not logged in: reminders paused'])
    online = true
    const r = await loop.step()
    expect(r !== 'paused' && r !== 'failed' && r.sent).toContain(`${K}:overdue-2026-11-23`)
    expect(logs).toContain('channel logged in: reminders resumed')
  })
})
