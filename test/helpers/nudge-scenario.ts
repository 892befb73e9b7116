/**
 * The reminder scenario shared by the crash tests: 20 items with different deadlines and owners,
 * ticked on ten working days. Deliveries are recorded as "key|recipient|text".
 */
import { join } from 'node:path'
import { fixedClock } from '../../bot/clock.js'
import { openDatabase } from '../../bot/office/db.js'
import { createCalendar } from '../../bot/office/rectification/calendar.js'
import { Ledger } from '../../bot/office/rectification/ledger.js'
import { type CrashPoint, DEFAULT_DELIVERY, Outbox } from '../../bot/office/rectification/outbox.js'
import { NudgeScheduler } from '../../bot/office/rectification/scheduler.js'
import { LedgerStore } from '../../bot/office/rectification/store.js'
import { CLI_ACTOR, type PersonKey } from '../../bot/office/roster/model.js'
import { Roster } from '../../bot/office/roster/roster.js'
import { RosterStore } from '../../bot/office/roster/store.js'

export const DAYS = ['2026-11-03', '2026-11-05', '2026-11-09', '2026-11-12', '2026-11-16', '2026-11-19', '2026-11-20', '2026-11-24', '2026-11-26', '2026-11-30']

export class Crash extends Error {}

export interface Run {
  /** Ticks every scenario day from the first; returns when all days are done. Throws Crash. */
  play(deliver: (line: string) => Promise<void> | void): Promise<void>
  close(): void
}

/** Opens (or reopens) the scenario's ledger file; a crash hook may throw at any crash point. */
export function openRun(dir: string, fault: (p: CrashPoint) => void = () => undefined, items = 20): Run {
  const file = join(dir, 'ledger.sqlite')
  const clock = fixedClock('2026-11-02T01:00:00Z')
  const db = openDatabase(file)
  const calendar = createCalendar()
  const rosterStore = new RosterStore(db)
  const roster = new Roster(rosterStore)
  const store = new LedgerStore(db)
  const ledger = new Ledger(store, roster, calendar, clock)
  if (!store.count()) {
    const at = clock.now().toISOString()
    rosterStore.upsert(
      [
        ...Array.from({ length: items }, (_, i) => ({ key: `R${i}` as PersonKey, name: `责任人${i}`, unit: `单位${i % 3}`, roles: [], chatIds: { wechaty: `wx-r${i}` } })),
        ...[0, 1].map((i) => ({ key: `S${i}` as PersonKey, name: `督办人${i}`, unit: '县纪委', roles: ['supervisor' as const], chatIds: { wechaty: `wx-s${i}` } })),
      ],
      CLI_ACTOR,
      at,
    )
    ledger.import(
      Array.from({ length: items }, (_, i) => ({ number: `XC-${i + 1}`, problem: `问题${i + 1}`, source: '巡察', unit: `单位${i % 3}`, ownerKey: `R${i}`, supervisorKey: `S${i % 2}`, deadline: `2026-11-${String(10 + (i % 15)).padStart(2, '0')}` })),
      CLI_ACTOR,
    )
  }
  const outbox = new Outbox(db, DEFAULT_DELIVERY, fault)
  const sched = new NudgeScheduler({ ledger, outbox, roster, calendar, fault })
  return {
    async play(deliver) {
      for (const d of DAYS) {
        clock.set(`${d}T02:00:00Z`)
        // What counts as the same message is the outbox key (item, deadline, rung); the text is fixed when recorded.
        await sched.tick(() => clock.now(), async (m) => {
          await deliver(`${m.key}|${roster.chatIdOf(m.recipient, 'wechaty')}|${m.text.replace(/\n/g, '⏎')}`)
        }, 'wechaty')
      }
    },
    close: () => db.close(),
  }
}
