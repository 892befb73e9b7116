import { describe, expect, it } from 'vitest'
import { caseDateOf } from '../../../rag/query/case-date.js'

const TODAY = '2026-11-21'

describe('caseDateOf', () => {
  it.each([
    ['2019年3月，张某收受礼金2000元，怎么处理？', '2019-03'],
    ['2016年至2018年间多次收受购物卡，2020年5月被举报', '2020-05'],
    ['李某2017年违规借款，如何定性', '2017-12'],
    ['2021.6 王某擅自动用公款', '2021-06'],
    ['2022-03 某村会计挪用低保金', '2022-03'],
  ])('%s → %s (latest event, a bare year counts as its December)', (q, date) => {
    expect(caseDateOf(q, TODAY)?.date).toBe(date)
  })

  it('clips the current year without a month to today', () => {
    expect(caseDateOf('2026年张某收受礼金', TODAY)?.date).toBe('2026-11')
  })

  it.each([
    ['问责条例2019年修订后有哪些变化？'],
    ['《中国共产党纪律处分条例（2018年）》第二十七条讲什么'],
    ['规则自2019年1月1日起施行吗'],
    ['纪律处分条例（2023年）规定的处分种类'],
    ['2027年底前要完成整改，怎么安排'],
    ['1987年的审理条例还有效吗'],
    ['收受礼金怎么处理'],
    ['2019年13月的事'],
    ['收受2000.5万元，怎么定性'],
    ['挪用公款2019.35万元'],
  ])('finds no event date in %s', (q) => {
    expect(caseDateOf(q, TODAY)).toBeUndefined()
  })

  it('ignores a future month of this year', () => {
    expect(caseDateOf('2025年8月立案，2026年12月前结案', TODAY)?.date).toBe('2025-08')
  })
})
