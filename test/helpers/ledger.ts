import { join } from 'node:path'
import { fixedClock } from '../../bot/clock.js'
import { openDatabase } from '../../bot/office/db.js'
import { createCalendar } from '../../bot/office/rectification/calendar.js'
import { type ItemInput, Ledger } from '../../bot/office/rectification/ledger.js'
import { LedgerStore } from '../../bot/office/rectification/store.js'
import { type Actor, type PersonKey, type Role } from '../../bot/office/roster/model.js'
import { type AdminId, Roster } from '../../bot/office/roster/roster.js'
import { RosterStore } from '../../bot/office/roster/store.js'
import { tempDir } from './kb.js'

/** People of the fixture office: keys, names, units, roles and WeChat ids. */
export const PEOPLE = [
  { key: 'A01', name: '李书记', unit: '县纪委监委', roles: ['admin', 'supervisor'] as Role[], chatIds: { wechaty: 'wx-li' } },
  { key: 'W01', name: '王科长', unit: '县财政局', roles: [] as Role[], chatIds: { wechaty: 'wx-wang' } },
  { key: 'Z01', name: '张老师', unit: '县教育局', roles: [] as Role[], chatIds: { wechaty: 'wx-zhang' } },
  { key: 'D01', name: '赵主任', unit: '县纪委监委', roles: ['supervisor'] as Role[], chatIds: { wechaty: 'wx-zhao' } },
  { key: 'X01', name: '周主任', unit: '县委巡察办', roles: ['secretary'] as Role[], chatIds: { wechaty: 'wx-zhou' } },
  { key: 'L01', name: '路人甲', unit: '县水利局', roles: [] as Role[], chatIds: { wechaty: 'wx-lu' } },
].map((p) => ({ ...p, key: p.key as PersonKey }))

const actorOf = (key: string): Actor => {
  const p = PEOPLE.find((x) => x.key === key)!
  return { key: p.key, name: p.name, roles: p.roles, known: true }
}
export const ADMIN = actorOf('A01')
export const OWNER = actorOf('W01')
export const SUPERVISOR = actorOf('D01')
export const SECRETARY = actorOf('X01')
export const STRANGER = actorOf('L01')

export function ledgerFixture(now = '2026-11-02T01:00:00Z', file = join(tempDir(), 'ledger.sqlite'), adminIds: AdminId[] = []) {
  const clock = fixedClock(now)
  const calendar = createCalendar()
  const db = openDatabase(file)
  const rosterStore = new RosterStore(db)
  if (!rosterStore.count()) rosterStore.upsert(PEOPLE, { key: 'cli', name: '命令行', roles: ['admin'], known: true }, now)
  const roster = new Roster(rosterStore, adminIds)
  const store = new LedgerStore(db)
  return { clock, calendar, db, store, roster, ledger: new Ledger(store, roster, calendar, clock), file }
}

/** A chat-style item: owner and supervisor by name, as people type them. */
export const item = (over: Partial<ItemInput> = {}): ItemInput => ({
  number: 'XC-01',
  problem: '三重一大事项未经集体研究决定',
  source: '县委第三巡察组反馈',
  unit: '县财政局',
  owner: '王科长',
  supervisor: '赵主任',
  deadline: '2026-11-20',
  ...over,
})

/** A roster key literal in a test. */
export const pk = (s: string) => s as PersonKey
