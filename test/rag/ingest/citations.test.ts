import { describe, expect, it } from 'vitest'
import { bigramContainment, extractCitations, quotedAfter } from '../../../rag/ingest/citations.js'

describe('citations in practice documents', () => {
  it('finds titled citations and lists of articles', () => {
    const c = extractCitations('依据《监察法》第二十二条、第三十九条和第四十条规定，应当……')
    expect(c.map((x) => [x.name, x.article])).toEqual([['监察法', 22], ['监察法', 39], ['监察法', 40]])
  })

  it('expands an alias defined with 以下简称', () => {
    const c = extractCitations('《中国共产党纪律处分条例》（以下简称《条例》）……根据《条例》第九十条规定')
    expect(c.map((x) => [x.name, x.article])).toEqual([['中国共产党纪律处分条例', 90]])
  })

  it('finds known names cited without 《》', () => {
    const c = extractCitations('应当依照党纪处分条例第八十八条处理', ['党纪处分条例', '监察法'])
    expect(c.map((x) => [x.name, x.article])).toEqual([['党纪处分条例', 88]])
  })

  it('reads the quoted words after a citation to tell versions apart', () => {
    const [c] = extractCitations('《条例》第九十条规定：“借用管理和服务对象的钱款……”')
    expect(quotedAfter(c!.after)).toBe('借用管理和服务对象的钱款……')
    expect(bigramContainment('借用管理和服务对象的钱款', '借用管理和服务对象的钱款、住房、车辆等')).toBe(1)
    expect(bigramContainment('收受礼金', '借用管理和服务对象的钱款')).toBe(0)
  })
})
