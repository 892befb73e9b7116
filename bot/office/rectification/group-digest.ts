/**
 * The daily rectification digest for a group (the WeCom webhook): counts only. Which items, whose
 * and what problem stay in the private digests (scheduler.ts) that the roster addresses to each
 * supervisor; a group only learns how many items are open, due soon, overdue or waiting.
 * Posted once per working day, from 09:00 Asia/Shanghai; the day posted is kept in the database.
 *
 * @example groupDigest(ledger.store.all(), '2026-12-02', calendar) // '**整改日报** 2026-12-02 …'
 */
import { type Db, getMeta, setMeta } from '../db.js'
import type { Calendar } from './calendar.js'
import { shanghaiDate, workdaysBetween } from './deadlines.js'
import type { Item } from './model.js'

const META_KEY = 'group-digest-date'

export function groupDigest(items: readonly Item[], today: string, cal: Calendar): string | undefined {
  const open = items.filter((i) => i.status !== '已销号')
  if (!open.length) return undefined
  const waiting = open.filter((i) => i.status === '已完成待销号').length
  const active = open.filter((i) => i.status !== '已完成待销号')
  const overdue = active.filter((i) => i.deadline < today).length
  const soon = active.filter((i) => i.deadline >= today && workdaysBetween(today, i.deadline, cal) <= 7).length
  return `**整改日报** ${today}：在办 ${open.length} 项，其中已逾期 ${overdue} 项、7 个工作日内到期 ${soon} 项、待销号 ${waiting} 项。具体事项请督办人私聊助手发送“/整改 列表”查看。`
}

/** Posts the group digest once per working day from 09:00; true when posted now. */
export function postGroupDigest(db: Db, items: () => readonly Item[], now: Date, cal: Calendar, post: (markdown: string) => void): boolean {
  const today = shanghaiDate(now)
  const hour = new Date(now.getTime() + 8 * 3600_000).getUTCHours()
  if (!cal.isWorkday(today) || hour < 9 || getMeta(db, META_KEY) === today) return false
  setMeta(db, META_KEY, today)
  const text = groupDigest(items(), today, cal)
  if (text) post(text)
  return !!text
}
