/**
 * npm run deadline -- <起算日期> <期限>
 *
 * Due date of a procedural time limit in Chinese working days or calendar days/months, e.g.
 * `npm run deadline -- 2026-11-03 15个工作日` → 2026-11-24（星期二）.
 */
import { systemClock } from '../clock.js'
import { UserError } from '../errors.js'
import { existsSync } from 'node:fs'
import { HOLIDAY_OVERRIDE_FILE } from '../paths.js'
import { createCalendar } from '../office/rectification/calendar.js'
import { DEADLINE_USAGE, deadlineText } from '../chat/router/commands/deadline.js'
import { parse, type Io, PROCESS_IO, isEntry, run } from './args.js'

export async function main(argv: string[], io: Io = PROCESS_IO): Promise<number | void> {
  const { positionals } = parse(argv, {}, 'npm run deadline -- <起算日期> <期限>')
  if (!positionals.length) throw new UserError(DEADLINE_USAGE.replace('/期限', 'npm run deadline --'))
  // The override (and zod, which checks it) is loaded only when there is one: this tool starts in
  // about 1.5 times the time of a bare process.
  const override = existsSync(HOLIDAY_OVERRIDE_FILE) ? (await import('../office/rectification/holiday-override.js')).loadHolidayOverride(HOLIDAY_OVERRIDE_FILE) : undefined
  io.stdout.write(deadlineText(positionals.join(' '), createCalendar({ override }), systemClock) + '\n')
  return 0
}

if (isEntry(import.meta.url)) run(main)
