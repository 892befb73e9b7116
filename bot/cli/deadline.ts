/**
 * npm run deadline -- <起算日期> <期限>
 *
 * Due date of a procedural time limit in Chinese working days or calendar days/months, e.g.
 * `npm run deadline -- 2026-11-03 15个工作日` → 2026-11-24（星期二）.
 */
import { systemClock } from '../clock.js'
import { UserError } from '../errors.js'
import { HOLIDAY_OVERRIDE_FILE } from '../config.js'
import { createCalendar } from '../rectification/calendar.js'
import { DEADLINE_USAGE, deadlineText } from '../router/commands/deadline.js'
import { parse, run } from './args.js'

run(async () => {
  const { positionals } = parse(process.argv.slice(2), {}, 'npm run deadline -- <起算日期> <期限>')
  if (!positionals.length) throw new UserError(DEADLINE_USAGE.replace('/期限', 'npm run deadline --'))
  process.stdout.write(deadlineText(positionals.join(' '), createCalendar({ overrideFile: HOLIDAY_OVERRIDE_FILE }), systemClock) + '\n')
  return 0
})
