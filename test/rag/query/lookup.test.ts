import { describe, expect, it } from 'vitest'
import { isBareReference, parseReference } from '../../../rag/query/lookup.js'

const names = ['纪律处分条例', '监察法实施条例', '监察法', '规则', '条例'].sort((a, b) => b.length - a.length)

describe('article references', () => {
  it.each([
    ['监察法第48条', '监察法', 48],
    ['《规则》第二十九条', '规则', 29],
    ['纪律处分条例 97', '纪律处分条例', 97],
    ['规则第29条', '规则', 29],
    ['监察法实施条例第一百二十三条是什么', '监察法实施条例', 123],
    ['《中国共产党纪律处分条例》第九十条', '中国共产党纪律处分条例', 90],
  ])('%s', (q, name, article) => {
    expect(parseReference(q, names)).toMatchObject({ name, article })
  })

  it('reads a year and 款/项', () => {
    expect(parseReference('2018年监察法第22条', names)).toMatchObject({ name: '监察法', article: 22, year: '2018' })
    expect(parseReference('监察法（2018）第22条', names)).toMatchObject({ year: '2018' })
    expect(parseReference('规则第30条第1款第3项', names)).toMatchObject({ article: 30, clause: 1, item: 3 })
  })

  it('does not take amounts, dates or plain questions for references', () => {
    expect(parseReference('监察法规定留置不超过3个月', names)).toBeUndefined()
    expect(parseReference('纪律处分条例2023年修订了什么', names)).toBeUndefined()
    expect(parseReference('线索怎么处置', names)).toBeUndefined()
  })

  it('tells a bare reference from a question about the article', () => {
    const q1 = '监察法第48条'
    expect(isBareReference(q1, parseReference(q1, names)!)).toBe(true)
    const q2 = '监察法第22条规定的留置条件中“已经掌握部分违法犯罪事实”怎么理解'
    expect(isBareReference(q2, parseReference(q2, names)!)).toBe(false)
  })
})
