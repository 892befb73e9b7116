/**
 * Chinese numerals as used in legal texts: 第一百二十三条, 第十条, 第二百零五条, 第123条, 第１２条.
 *
 * @example parseChineseNumber('一百二十三') // 123
 */

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
  壹: 1, 贰: 2, 叁: 3, 肆: 4, 伍: 5, 陆: 6, 柒: 7, 捌: 8, 玖: 9,
}
const UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 }

/** Characters that may appear in a numeral (Chinese, ASCII or full-width digits). */
export const NUMERAL_CHARS = '零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟0-9０-９'

/** Parses a Chinese or Arabic numeral below 10,000; returns undefined when it is not one. */
export function parseChineseNumber(raw: string): number | undefined {
  const s = raw.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  if (s === '') return undefined
  if (/^\d+$/.test(s)) return Number(s)
  let total = 0
  let digit: number | undefined
  let lastUnit = Infinity
  for (const ch of s) {
    if (ch in DIGITS) {
      // Two digits in a row are only valid as "零X" or a plain digit sequence like 一〇一.
      if (digit !== undefined && digit !== 0) {
        return parsePlainDigits(s)
      }
      digit = DIGITS[ch]
    } else if (ch in UNITS) {
      const unit = UNITS[ch] as number
      if (unit >= lastUnit) return undefined
      total += (digit === undefined ? 1 : digit) * unit
      digit = undefined
      lastUnit = unit
    } else {
      return undefined
    }
  }
  if (digit !== undefined) total += digit
  return total
}

/** "一〇一" style (digit by digit). */
function parsePlainDigits(s: string): number | undefined {
  let out = ''
  for (const ch of s) {
    const d = DIGITS[ch]
    if (d === undefined) return undefined
    out += String(d)
  }
  return Number(out)
}

const CN = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** Writes n (0..9999) the way legal texts do: 10 → 十, 110 → 一百一十, 205 → 二百零五. */
export function toChineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`out of range: ${n}`)
  if (n < 10) return CN[n] as string
  if (n < 20) return '十' + (n % 10 ? CN[n % 10] : '')
  const parts: string[] = []
  const units: Array<[number, string]> = [[1000, '千'], [100, '百'], [10, '十'], [1, '']]
  let zero = false
  let started = false
  for (const [u, name] of units) {
    const d = Math.floor(n / u) % 10
    if (d === 0) {
      if (started) zero = true
      continue
    }
    if (zero) parts.push('零')
    zero = false
    started = true
    parts.push((CN[d] as string) + name)
  }
  return parts.join('')
}

/** "第二十一条" for 21. */
export const articleLabel = (n: number): string => `第${toChineseNumber(n)}条`
