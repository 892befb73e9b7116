/**
 * The Chinese working-day calendar: public holidays and 调休 working weekends from chinese-days,
 * plus an override file written by the project (regulations/holidays-override.json) for years the
 * library does not know yet. A year known to neither is reported, never silently treated as if it
 * had no holidays.
 *
 * @example createCalendar({}).isWorkday('2026-10-10') // true (调休 Saturday)
 */
import chineseDays from 'chinese-days'

/**
 * Holiday arrangements by year, as holiday-override.ts reads them from the override file (checked
 * there; this module stays free of zod so that `npm run deadline` starts fast).
 */
export type OverrideYears = Record<string, { holidays: string[]; workdays: string[]; source: string }>

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

/** A calendar from chinese-days and, for the years it gives, the project's override. */
export function createCalendar(o: { override?: OverrideYears } = {}): Calendar {
  cachedYears ??= libraryYears()
  const lib = cachedYears
  const override = o.override ?? {}
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
