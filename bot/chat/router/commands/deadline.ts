import { UserError } from '../../../errors.js'
import { DATE_HELP, DURATION_HELP, addDuration, parseDate, parseDuration, shanghaiDate, weekday } from '../../../office/rectification/deadlines.js'
import type { Calendar } from '../../../office/rectification/calendar.js'
import type { Clock } from '../../../clock.js'
import type { Handler } from '../compose.js'

export const DEADLINE_USAGE = `请这样输入：/期限 2026-11-03 15个工作日（起算日期可省略，默认今天）。${DATE_HELP}；${DURATION_HELP}。`

/** The reply for a deadline calculation; shared by the chat command and `npm run deadline`. */
export function deadlineText(args: string, cal: Calendar, clock: Clock): string {
  const parts = args.trim().split(/\s+/).filter(Boolean)
  if (parts.length === 0 || parts.length > 2) throw new UserError(DEADLINE_USAGE)
  const today = shanghaiDate(clock.now())
  const start = parts.length === 2 ? parseDate(parts[0] as string, today) : today
  const dur = parseDuration(parts[parts.length - 1] as string)
  const r = addDuration(start, dur, cal)
  const lines = [`自 ${start}（${weekday(start)}）起 ${dur.text}，期限届满日为 ${r.due}（${weekday(r.due)}）。`, '（起算当日不计入；工作日已扣除法定节假日并计入调休上班日。）']
  for (const n of r.notes) lines.push(`注意：${n}。`)
  return lines.join('\n')
}

export const deadline = (cal: Calendar, clock: Clock, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:期限'
  await ctx.reply(deadlineText(args, cal, clock))
}
