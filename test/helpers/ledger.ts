import { join } from 'node:path'
import { fixedClock } from '../../bot/clock.js'
import { createCalendar } from '../../bot/rectification/calendar.js'
import { Ledger } from '../../bot/rectification/ledger.js'
import type { NewItem } from '../../bot/rectification/model.js'
import { LedgerStore } from '../../bot/rectification/store.js'
import { tempDir } from './kb.js'

export const ADMIN = { name: '李书记', admin: true }

export function ledgerFixture(now = '2026-11-02T01:00:00Z', file = join(tempDir(), 'ledger.sqlite')) {
  const clock = fixedClock(now)
  const calendar = createCalendar()
  const store = new LedgerStore(file)
  return { clock, calendar, store, ledger: new Ledger(store, calendar, clock), file }
}

export const item = (over: Partial<NewItem> = {}): NewItem => ({
  number: 'XC-01',
  problem: '三重一大事项未经集体研究决定',
  source: '县委第三巡察组反馈',
  unit: '县财政局',
  owner: '王科长',
  supervisor: '李书记',
  deadline: '2026-11-20',
  ...over,
})
