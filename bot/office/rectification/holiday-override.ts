/**
 * The project's holiday override file (regulations/holidays-override.json): holiday arrangements
 * for years chinese-days does not cover yet, checked with zod. A missing file is no override.
 *
 * @example createCalendar({ override: loadHolidayOverride(HOLIDAY_OVERRIDE_FILE) })
 */
import { existsSync, readFileSync } from 'node:fs'
import { z } from 'zod'
import { UserError } from '../../errors.js'
import type { OverrideYears } from './calendar.js'

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

/** The override's years, or none when the file does not exist; a malformed file is a UserError. */
export function loadHolidayOverride(file: string): OverrideYears {
  if (!existsSync(file)) return {}
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new UserError(`节假日补充文件 ${file} 无法读取（${(e as NodeJS.ErrnoException).code ?? '读取失败'}）。`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw new UserError(`节假日补充文件 ${file} 不是有效的 JSON。`)
  }
  const parsed = OverrideSchema.safeParse(raw)
  if (!parsed.success) throw new UserError(`节假日补充文件 ${file} 格式错误：${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`)
  return parsed.data.years
}
