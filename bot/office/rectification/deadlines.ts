/**
 * Deadlines in the forms Chinese offices write them: absolute dates (2026-12-31, 2026年12月31日,
 * 12月31日) and durations from a start date (15个工作日, 2个月, 30日, 三周). Working days follow
 * the holiday calendar including 调休 weekends; a calendar-day or month deadline that ends on a
 * day off moves to the next working day (顺延). Pure functions of their inputs.
 *
 * @example addDuration('2026-11-03', parseDuration('15个工作日'), cal).due // '2026-11-24'
 */
import { parseChineseNumber } from '../../../rag/index.js'
import { UserError } from '../../errors.js'
import type { Calendar } from './calendar.js'

export type LocalDate = string

export interface Duration {
  n: number
  unit: 'workday' | 'day' | 'week' | 'month' | 'year'
  text: string
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六']

export const weekday = (d: LocalDate): string => WEEKDAYS[new Date(`${d}T00:00:00Z`).getUTCDay()] as string

/** Today in Asia/Shanghai (machines run in UTC). */
export function shanghaiDate(now: Date): LocalDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

const pad = (n: number) => String(n).padStart(2, '0')

function valid(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
}

export const DATE_HELP = '日期可写成 2026-12-31、2026年12月31日 或 12月31日'

/** Parses an absolute date; a date without a year is taken in the current year (Shanghai). */
export function parseDate(raw: string, today: LocalDate): LocalDate {
  const s = raw.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/.exec(s)
  let y: number
  let mo: number
  let d: number
  if (m) {
    y = Number(m[1])
    mo = Number(m[2])
    d = Number(m[3])
  } else if ((m = /^(\d{1,2})\s*[月/-]\s*(\d{1,2})\s*[日号]?$/.exec(s))) {
    y = Number(today.slice(0, 4))
    mo = Number(m[1])
    d = Number(m[2])
  } else {
    throw new UserError(`无法识别日期“${raw.slice(0, 20)}”。${DATE_HELP}`)
  }
  if (!valid(y, mo, d)) throw new UserError(`日期“${raw.slice(0, 20)}”不存在，请检查年月日。`)
  if (y < 2000 || y > 2100) throw new UserError(`年份 ${y} 超出范围（2000—2100）。`)
  return `${y}-${pad(mo)}-${pad(d)}`
}

export const INSTANT_HELP = '时间请写成 2026-11-23T09:30:00+08:00 或 2026-11-23 09:30（不写时区按北京时间）'

/**
 * Parses a moment strictly: the calendar date must exist (2026-02-30 is refused) and the time
 * must be a real time of day. Without a zone the time is Beijing time.
 */
export function parseInstant(raw: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(raw.trim())
  if (!m) throw new UserError(`无法识别时间“${raw.slice(0, 40)}”。${INSTANT_HELP}`)
  const [y, mo, d, h = '0', mi = '0', sec = '0'] = m.slice(1, 7).map((x) => x ?? undefined) as string[]
  if (!valid(Number(y), Number(mo), Number(d))) throw new UserError(`日期“${raw.slice(0, 10)}”不存在，请检查年月日。`)
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) throw new UserError(`时间“${raw.slice(0, 40)}”不是有效的时刻。${INSTANT_HELP}`)
  const zone = m[7] === undefined ? '+08:00' : m[7] === 'Z' ? 'Z' : m[7].length === 5 ? `${m[7].slice(0, 3)}:${m[7].slice(3)}` : m[7]
  const t = new Date(`${y}-${mo}-${d}T${h.padStart(2, '0')}:${mi.padStart(2, '0')}:${sec.padStart(2, '0')}${zone}`)
  if (Number.isNaN(t.getTime())) throw new UserError(`无法识别时间“${raw.slice(0, 40)}”。${INSTANT_HELP}`)
  return t
}

export const DURATION_HELP = '期限可写成 15个工作日、30日、2个月、3周 或 1年'

export function parseDuration(raw: string): Duration {
  const s = raw.trim().replace(/\s+/g, '')
  const m = /^([0-9０-９零〇一二两三四五六七八九十百]+)(个)?(工作日|日|天|周|星期|个月|月|年)(内|以内)?$/.exec(s)
  if (!m) throw new UserError(`无法识别期限“${raw.slice(0, 20)}”。${DURATION_HELP}`)
  const n = parseChineseNumber(m[1] as string)
  if (!n || n > 3650) throw new UserError(`期限数值“${m[1]}”无效。${DURATION_HELP}`)
  const u = m[3] as string
  const unit: Duration['unit'] = u === '工作日' ? 'workday' : u === '日' || u === '天' ? 'day' : u === '周' || u === '星期' ? 'week' : u === '年' ? 'year' : 'month'
  const max = { workday: 2500, day: 3650, week: 520, month: 120, year: 10 }[unit]
  if (n > max) throw new UserError(`期限“${raw.slice(0, 20)}”过长。${DURATION_HELP}`)
  return { n, unit, text: s }
}

/** The calendar date `n` days after `d` (negative: before). */
export function addDays(d: LocalDate, n: number): LocalDate {
  const t = new Date(`${d}T00:00:00Z`)
  t.setUTCDate(t.getUTCDate() + n)
  return t.toISOString().slice(0, 10)
}

function addMonths(d: LocalDate, n: number): LocalDate {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number]
  const total = y * 12 + (m - 1) + n
  const ny = Math.floor(total / 12)
  const nm = (total % 12) + 1
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate()
  return `${ny}-${pad(nm)}-${pad(Math.min(day, last))}`
}

export interface DueDate {
  due: LocalDate
  /** Notes for the reply: 顺延, years without holiday data. */
  notes: string[]
  /** Years whose holidays were not known (counted as if only weekends were off). */
  unknownYears: number[]
}

/**
 * The due date of a duration counted from `start` (the start day itself is not counted).
 * Working days skip weekends and holidays and count 调休 Saturdays.
 */
export function addDuration(start: LocalDate, d: Duration, cal: Calendar): DueDate {
  const notes: string[] = []
  const years = new Set<number>()
  const seeYear = (x: LocalDate) => years.add(Number(x.slice(0, 4)))
  let due: LocalDate
  if (d.unit === 'workday') {
    due = start
    let left = d.n
    while (left > 0) {
      due = addDays(due, 1)
      seeYear(due)
      if (cal.isWorkday(due)) left--
    }
  } else {
    due = d.unit === 'day' ? addDays(start, d.n) : d.unit === 'week' ? addDays(start, d.n * 7) : addMonths(start, d.unit === 'year' ? d.n * 12 : d.n)
    seeYear(due)
    let moved = due
    while (!cal.isWorkday(moved)) {
      moved = addDays(moved, 1)
      seeYear(moved)
    }
    if (moved !== due) notes.push(`${due}（${weekday(due)}）不是工作日，顺延至 ${moved}`)
    due = moved
  }
  const unknownYears = [...years].filter((y) => cal.sourceOf(y) === 'none').sort()
  for (const y of unknownYears) notes.push(`${y} 年的法定节假日和调休安排尚未收录，已按只有周末休息计算，结果可能偏早；请在 regulations/holidays-override.json 中补充该年安排后重新计算`)
  return { due, notes, unknownYears }
}

/** Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier. */
export function workdaysBetween(from: LocalDate, to: LocalDate, cal: Calendar): number {
  if (from === to) return 0
  const sign = to > from ? 1 : -1
  let n = 0
  let d = from
  while (d !== to) {
    d = addDays(d, sign)
    if (cal.isWorkday(d)) n += sign
  }
  return n
}
