import { describe, expect, it } from 'vitest'
import { articleLabel, parseChineseNumber, toChineseNumber } from '../../../rag/text/numerals.js'

describe('Chinese numerals', () => {
  it('round-trips every article number from 1 to 1000', () => {
    for (let n = 1; n <= 1000; n++) expect(parseChineseNumber(toChineseNumber(n))).toBe(n)
  })

  it('writes numbers the way legal texts do', () => {
    expect(toChineseNumber(10)).toBe('十')
    expect(toChineseNumber(15)).toBe('十五')
    expect(toChineseNumber(21)).toBe('二十一')
    expect(toChineseNumber(110)).toBe('一百一十')
    expect(toChineseNumber(123)).toBe('一百二十三')
    expect(toChineseNumber(205)).toBe('二百零五')
    expect(toChineseNumber(1001)).toBe('一千零一')
    expect(articleLabel(29)).toBe('第二十九条')
  })

  it('reads Arabic, full-width and variant forms', () => {
    expect(parseChineseNumber('123')).toBe(123)
    expect(parseChineseNumber('１２')).toBe(12)
    expect(parseChineseNumber('两百')).toBe(200)
    expect(parseChineseNumber('一〇一')).toBe(101)
    expect(parseChineseNumber('二百零五')).toBe(205)
    expect(parseChineseNumber('拾')).toBe(10)
  })

  it('rejects what is not a numeral', () => {
    expect(parseChineseNumber('')).toBeUndefined()
    expect(parseChineseNumber('条')).toBeUndefined()
    expect(parseChineseNumber('十百')).toBeUndefined()
    expect(() => toChineseNumber(-1)).toThrow(RangeError)
  })
})
