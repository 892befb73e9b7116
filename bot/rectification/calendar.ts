/**
 * The Chinese working-day calendar: public holidays and 调休 working weekends from chinese-days,
 * plus an override file written by the project (regulations/holidays-override.json) for years the
 * library does not know yet. A year known to neither is reported, never silently treated as if it
 * had no holidays.
 *
 * @example createCalendar({}).isWorkday('2026-10-10') // true (调休 Saturday)
 */
import { existsSync, readFileSync } from 'node:fs'
import chineseDays from 'chinese-days'
import { z } from 'zod'
import { UserError } from '../errors.js'

const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD')
export const OverrideSchema = z.object({
  $comment: z.string().optional(),
  years: z.record(
    z.string().regex(/^\d{4}$/),
    z.object({
      /** Days off that are not weekends (法定节假日). */
      holidays: z.array(DATE),
      /** Weekend days that are working days (调休上班). */
      workdays: z.array(DATE),
      source: z.string().min(1),
    }),
  ),
})

export type CalendarSource = 'library' | 'override' | 'none'

export interface Calendar {
  isWorkday(date: string): boolean
  /** Where the year's holiday data comes from. */
  sourceOf(year: number): CalendarSource
}

/** Years chinese-days has holiday data for (read from its own data file). */
function libraryYears(): Set<number> {
  const years = new Set<number>()
  for (let y = 2004; y <= 2100; y++) {
    // A year with no holiday at all in the library is a year it has no data for.
    if (chineseDays.getHolidaysInRange(`${y}-01-01`, `${y}-12-31`, false).length > 0) years.add(y)
  }
  return years
}

let cachedYears: Set<number> | undefined

export function createCalendar(o: { overrideFile?: string } = {}): Calendar {
  cachedYears ??= libraryYears()
  const lib = cachedYears
  let override: z.infer<typeof OverrideSchema>['years'] = {}
  if (o.overrideFile && existsSync(o.overrideFile)) {
    const parsed = OverrideSchema.safeParse(JSON.parse(readFileSync(o.overrideFile, 'utf8')))
    if (!parsed.success) throw new UserError(`节假日补充文件 ${o.overrideFile} 格式错误：${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`)
    override = parsed.data.years
  }
  const sets = new Map(Object.entries(override).map(([y, v]) => [Number(y), { off: new Set(v.holidays), on: new Set(v.workdays) }]))
  const weekend = (d: string) => {
    const day = new Date(`${d}T00:00:00Z`).getUTCDay()
    return day === 0 || day === 6
  }
  const cache = new Map<string, boolean>()
  const compute = (d: string): boolean => {
      const year = Number(d.slice(0, 4))
      const s = sets.get(year)
      if (s) return s.on.has(d) || (!weekend(d) && !s.off.has(d))
      if (lib.has(year)) return chineseDays.isWorkday(d)
      // Unknown year: weekends only (the caller warns that holidays are not known).
      return !weekend(d)
  }
  return {
    sourceOf: (year) => (sets.has(year) ? 'override' : lib.has(year) ? 'library' : 'none'),
    // Memoised: the scheduler asks about the same few hundred dates for thousands of items.
    isWorkday: (d) => {
      let v = cache.get(d)
      if (v === undefined) {
        v = compute(d)
        cache.set(d, v)
      }
      return v
    },
  }
}
