/**
 * Child process for the crash test: replays a sequence of working-day ticks over a ledger and
 * "delivers" each nudge by appending its key to a file (synchronously, like a message that has
 * left the machine), with a short pause between deliveries to widen the window for a kill.
 * Usage: node --import tsx nudge-worker.ts <ledger.sqlite> <deliveries.log> [items]
 */
import { appendFileSync } from 'node:fs'
import { fixedClock } from '../../bot/clock.js'
import { createCalendar } from '../../bot/rectification/calendar.js'
import { Ledger } from '../../bot/rectification/ledger.js'
import { NudgeScheduler } from '../../bot/rectification/scheduler.js'
import { LedgerStore } from '../../bot/rectification/store.js'

const [db, log, n = '20'] = process.argv.slice(2) as [string, string, string?]
const clock = fixedClock('2026-11-02T01:00:00Z')
const calendar = createCalendar()
const store = new LedgerStore(db)
const ledger = new Ledger(store, calendar, clock)
if (store.all().length === 0) {
  ledger.import(
    Array.from({ length: Number(n) }, (_, i) => ({ number: `XC-${i + 1}`, problem: `问题${i + 1}`, source: '巡察', unit: `单位${i % 3}`, owner: `责任人${i}`, supervisor: `督办人${i % 2}`, deadline: `2026-11-${String(10 + (i % 15)).padStart(2, '0')}` })),
    { name: 'test', admin: true },
  )
}
const sched = new NudgeScheduler(ledger, calendar)
const days = ['2026-11-03', '2026-11-05', '2026-11-09', '2026-11-12', '2026-11-16', '2026-11-19', '2026-11-20', '2026-11-24', '2026-11-26', '2026-11-30']
for (const d of days) {
  const now = new Date(`${d}T02:00:00Z`)
  clock.set(now.toISOString())
  await sched.tick(now, async (to, text) => {
    appendFileSync(log, `${text.split('\n')[0]}|${to}|${text.length}\n`)
    await new Promise((r) => setTimeout(r, 3))
  })
}
appendFileSync(log, 'DONE\n')
store.close()
