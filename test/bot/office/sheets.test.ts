import { describe, expect, it } from 'vitest'
import { localNames, parseCsv, readWorkbook } from '../../../bot/office/sheets.js'
import { VARIANTS } from '../../helpers/xlsx-variants.js'

const texts = (rows: Array<Array<{ text: string }>>) => rows.map((r) => r.map((c) => c.text))

describe('xlsx as different programs write it', () => {
  it('reads the same rows from Excel with phonetic guides, WPS without cell references, prefixed parts and inline strings', () => {
    for (const [name, make] of Object.entries(VARIANTS)) {
      const wb = readWorkbook(make(), `${name}.xlsx`)
      expect(wb.sheets.map((s) => s.name), name).toEqual(['台账'])
      const rows = wb.sheets[0]?.rows ?? []
      expect(texts(rows), name).toEqual([
        ['姓名', '单位', '期限'],
        ['張三', '县财政局', '46346'],
        ['李四', '', '46347'],
      ])
      expect(rows[1]?.[2]?.number, name).toBe(46346)
    }
  })

  it('drops namespace prefixes from element names only', () => {
    expect(localNames('<x:row r="1"><x:c r:id="rId1"/></x:row>')).toBe('<row r="1"><c r:id="rId1"/></row>')
  })
})

describe('csv', () => {
  it('reads quoted commas, doubled quotes, line breaks in a cell, mixed line endings and a BOM', () => {
    expect(texts(parseCsv('\uFEFF编号,问题\r\n"XC-01","甲, ""乙""\n丙"\n3,quote"inside\n'))).toEqual([
      ['编号', '问题'],
      ['XC-01', '甲, "乙"\n丙'],
      ['3', 'quote"inside'],
    ])
  })

  it('names the line of a quote that never closes instead of swallowing the rest of the file', () => {
    expect(() => parseCsv('编号,问题\nXC-01,"未闭合的引号\nXC-02,正常\nXC-03,正常\n')).toThrow(/CSV 第 2 行的引号没有闭合/)
  })

  it('marks formulas and takes the text convention of a leading apostrophe', () => {
    const [row] = parseCsv("=1+1,'=SUM(A1),普通")
    expect(row).toEqual([{ text: '=1+1', formula: true }, { text: '=SUM(A1)' }, { text: '普通' }])
  })
})
