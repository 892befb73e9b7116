/**
 * The office: roster, ledger and outbox in one SQLite file in the data folder, and the nudge
 * scheduler over them. Light to load (no index, no channel): the rectify and roster CLIs use it.
 */
import { join } from 'node:path'
import { CONSOLE_OPERATOR } from './roster/model.js'
import { type Clock, systemClock } from '../clock.js'
import { type Config, HOLIDAY_OVERRIDE_FILE } from '../config.js'
import { type Db, openDatabase } from './db.js'
import { type Calendar, createCalendar } from './rectification/calendar.js'
import { loadHolidayOverride } from './rectification/holiday-override.js'
import { Ledger } from './rectification/ledger.js'
import { DEFAULT_DELIVERY, Outbox } from './rectification/outbox.js'
import { DEFAULT_POLICY as DEFAULT_NUDGE_POLICY, NudgeScheduler } from './rectification/scheduler.js'
import { LedgerStore } from './rectification/store.js'
import { Roster } from './roster/roster.js'
import { RosterStore } from './roster/store.js'

export interface Office {
  db: Db
  roster: Roster
  ledger: Ledger
  outbox: Outbox
  calendar: Calendar
  close(): void
}

export const LEDGER_FILE = 'ledger.sqlite'

export function openOffice(config: Config, clock: Clock = systemClock, file = join(config.dataDir, LEDGER_FILE)): Office {
  const db = openDatabase(file)
  const calendar = createCalendar({ override: loadHolidayOverride(HOLIDAY_OVERRIDE_FILE) })
  // The person at the terminal runs the machine (and could open the data folder anyway): admin there.
  const roster = new Roster(new RosterStore(db), [...config.adminIds, { channel: 'console', id: CONSOLE_OPERATOR }])
  const ledger = new Ledger(new LedgerStore(db), roster, calendar, clock)
  const outbox = new Outbox(db, { ...DEFAULT_DELIVERY, maxAttempts: config.nudgeMaxAttempts })
  return { db, roster, ledger, outbox, calendar, close: () => db.close() }
}

export function nudgeScheduler(config: Config, office: Office): NudgeScheduler {
  return new NudgeScheduler({
    ledger: office.ledger,
    outbox: office.outbox,
    roster: office.roster,
    calendar: office.calendar,
    policy: { ...DEFAULT_NUDGE_POLICY, before: config.nudgeBefore, escalateAfter: config.escalateAfter },
  })
}

