import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../../bot/clock.js'
import { UserError } from '../../../../bot/errors.js'
import { createCalendar } from '../../../../bot/office/rectification/calendar.js'
import { loadHolidayOverride } from '../../../../bot/office/rectification/holiday-override.js'
import { addDuration, parseDate, parseDuration, shanghaiDate, weekday, workdaysBetween } from '../../../../bot/office/rectification/deadlines.js'
import { deadlineText } from '../../../../bot/chat/router/commands/deadline.js'
import { tempDir } from '../../../helpers/kb.js'

const cal = createCalendar()
const due = (start: string, d: string) => addDuration(start, parseDuration(d), cal)

describe('working-day deadlines', () => {
  it('counts 15 working days from 2026-11-03 to Tuesday 2026-11-24', () => {
    expect(due('2026-11-03', '15个工作日')).toEqual({ due: '2026-11-24', notes: [], unknownYears: [] })
    expect(weekday('2026-11-24')).toBe('星期二')
  })

  it('skips the National Day week and counts the 调休 Saturday as a working day', () => {
    // 2026-10-01..10-07 are off; Saturday 2026-10-10 is a make-up working day.
    expect(cal.isWorkday('2026-10-05')).toBe(false)
    expect(cal.isWorkday('2026-10-10')).toBe(true)
    expect(due('2026-09-30', '1个工作日').due).toBe('2026-10-08')
    expect(due('2026-10-08', '2个工作日').due).toBe('2026-10-10')
  })

  it('skips the Spring Festival and counts its 调休 Saturdays', () => {
    expect(cal.isWorkday('2026-02-17')).toBe(false)
    expect(cal.isWorkday('2026-02-14')).toBe(true)
    expect(cal.isWorkday('2026-02-28')).toBe(true)
    // Working days after Friday 02-13 up to 02-28: 02-14 (调休), 02-24..02-27, 02-28 (调休).
    expect(workdaysBetween('2026-02-13', '2026-02-28', cal)).toBe(6)
    expect(workdaysBetween('2026-02-28', '2026-02-13', cal)).toBe(-6)
  })

  it('moves a calendar-day or month deadline that ends on a day off to the next working day', () => {
    const r = due('2026-09-01', '1个月')
    expect(r.due).toBe('2026-10-08')
    expect(r.notes[0]).toMatch(/2026-10-01（星期四）不是工作日，顺延至 2026-10-08/)
    expect(due('2026-11-05', '30日').due).toBe('2026-12-07')
  })

  it('handles month ends', () => {
    expect(due('2026-01-31', '1个月').due).toBe('2026-02-28') // clamped to Feb 28, a 调休 working Saturday
    expect(due('2025-01-31', '1个月').due).toBe('2025-02-28')
    expect(due('2026-08-31', '2个月').due).toBe('2026-11-02') // 10-31 is a Saturday
    expect(due('2026-03-31', '1个月').due).toBe('2026-04-30')
  })

  it('warns for a year without holiday data instead of silently counting holidays as workdays', () => {
    const r = due('2026-12-15', '15个工作日')
    expect(r.unknownYears).toEqual([2027])
    expect(r.notes.join()).toMatch(/2027 年的法定节假日和调休安排尚未收录/)
  })

  it('uses the override file for such a year when present', () => {
    const f = join(tempDir(), 'holidays.json')
    writeFileSync(f, JSON.stringify({ years: { '2027': { holidays: ['2027-01-01'], workdays: ['2027-01-09'], source: '测试用安排' } } }))
    const c = createCalendar({ override: loadHolidayOverride(f) })
    expect(c.sourceOf(2027)).toBe('override')
    expect(c.isWorkday('2027-01-01')).toBe(false)
    expect(c.isWorkday('2027-01-09')).toBe(true)
    expect(addDuration('2026-12-31', parseDuration('1个工作日'), c)).toEqual({ due: '2027-01-04', notes: [], unknownYears: [] })
  })

  it('rejects a malformed override file with a clear message', () => {
    const f = join(tempDir(), 'bad.json')
    writeFileSync(f, JSON.stringify({ years: { '2027': { holidays: ['2027/01/01'], workdays: [], source: 'x' } } }))
    expect(() => loadHolidayOverride(f)).toThrow(/格式错误/)
    writeFileSync(f, '{not json')
    expect(() => loadHolidayOverride(f)).toThrow(/不是有效的 JSON/)
    expect(loadHolidayOverride(join(tempDir(), 'absent.json'))).toEqual({})
  })
})

describe('parsing', () => {
  it.each([
    ['2026-12-31', '2026-12-31'],
    ['2026年12月31日', '2026-12-31'],
    ['2026/1/5', '2026-01-05'],
    ['12月31日', '2026-12-31'],
    ['２０２６年１月５日', '2026-01-05'],
  ])('date %s', (raw, iso) => {
    expect(parseDate(raw, '2026-11-21')).toBe(iso)
  })

  it.each([
    ['15个工作日', 15, 'workday'],
    ['十五个工作日', 15, 'workday'],
    ['2个月', 2, 'month'],
    ['两个月', 2, 'month'],
    ['30日', 30, 'day'],
    ['30天内', 30, 'day'],
    ['3周', 3, 'week'],
  ])('duration %s', (raw, n, unit) => {
    expect(parseDuration(raw)).toMatchObject({ n, unit })
  })

  it('explains what to type for bad dates and durations', () => {
    expect(() => parseDate('2026-02-30', '2026-11-21')).toThrow(/不存在/)
    expect(() => parseDate('明天', '2026-11-21')).toThrow(UserError)
    expect(() => parseDuration('很快')).toThrow(/15个工作日/)
    expect(() => parseDuration('0日')).toThrow(/无效/)
  })

  it('takes today in Asia/Shanghai: 16:00 UTC is already the next day there', () => {
    expect(shanghaiDate(new Date('2026-11-20T15:59:59Z'))).toBe('2026-11-20')
    expect(shanghaiDate(new Date('2026-11-20T16:00:00Z'))).toBe('2026-11-21')
    expect(deadlineText('1个工作日', cal, fixedClock('2026-11-20T16:00:00Z'))).toMatch(/^自 2026-11-21（星期六）起 1个工作日，期限届满日为 2026-11-23（星期一）/)
  })
})
