/**
 * When did the matter in a question happen?
 *
 * Discipline rules apply "从旧兼从轻": conduct is judged by the version in force when it happened
 * (unless the current text is lighter). A question that tells a case ("2019年3月，某某收受……")
 * therefore needs the version in force at that time as much as the current one. The latest dated
 * event of the narrative is taken as the reference point: it is the last conduct or the moment
 * the case was handled.
 */

/** Earliest year read as an event date; older years in a question are history, not a case. */
const MIN_YEAR = 1990

/** Year, optional month: "2019年", "2019年3月", "2019年3月5日", "2019.3", "2019-03" (not sums such as "2000.5万元"). */
const DATE = /(?<![\d.])((?:19|20)\d{2})\s*(?:年\s*(?:(\d{1,2})\s*月)?|[.\-/](\d{1,2})(?![\d.万亿元%]))/g

/** Years that name a regulation's version rather than an event ("2018年修订", "（2023年）"). */
const VERSION_WORDS = /^\s*(?:\d{1,2}\s*日)?\s*(?:修订|修正|修改|版|印发|颁布|发布|通过|起?施行)/

export interface CaseDate {
  /** YYYY-MM; a year without a month counts as its December (the latest moment it can mean). */
  date: string
  /** The year as written, for telling the user what was understood. */
  year: number
}

/**
 * The latest event date in `question` that is not after `today` (YYYY-MM-DD), or undefined when
 * the question mentions none. Dates inside 《》 and version labels are skipped.
 */
export function caseDateOf(question: string, today: string): CaseDate | undefined {
  const text = question.replace(/《[^》]{0,60}》/g, (m) => ' '.repeat(m.length))
  const limit = today.slice(0, 7)
  let best: CaseDate | undefined
  for (const m of text.matchAll(DATE)) {
    const year = Number(m[1])
    const start = m.index ?? 0
    const end = start + (m[0] as string).length
    const after = text.slice(end, end + 8)
    if (year < MIN_YEAR || VERSION_WORDS.test(after)) continue
    if (/[（(]$/.test(text.slice(0, start)) && /^\s*[）)]/.test(after)) continue
    const monthRaw = m[2] ?? m[3]
    const month = monthRaw ? Number(monthRaw) : 12
    if (month < 1 || month > 12) continue
    const date = `${year}-${String(month).padStart(2, '0')}`
    // A date still to come is a plan ("2027年底前完成整改"), not an event.
    if (String(year) > limit.slice(0, 4) || (monthRaw && date > limit)) continue
    const clipped = date > limit ? limit : date
    if (!best || clipped > best.date) best = { date: clipped, year }
  }
  return best
}
