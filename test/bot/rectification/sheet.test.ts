import { describe, expect, it } from 'vitest'
import { strToU8, zipSync } from 'fflate'
import { formatErrors, itemsToRows, readSheet, writeSheet } from '../../../bot/rectification/sheet.js'
import { ADMIN, item, ledgerFixture } from '../../helpers/ledger.js'

const HEADER = '编号,问题描述,来源,责任单位,责任人,督办人,整改期限'
const csv = (...lines: string[]) => strToU8([HEADER, ...lines].join('\r\n'))
const none = () => false
const TODAY = '2026-11-21'

/** A minimal .xlsx with the given cells (strings, numbers, or {f: formula}). */
function xlsx(rows: Array<Array<string | number | { f: string }>>): Uint8Array {
  const col = (j: number) => String.fromCharCode(65 + j)
  const cells = rows
    .map((r, i) => `<row r="${i + 1}">${r.map((v, j) => {
      const ref = `${col(j)}${i + 1}`
      if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`
      if (typeof v === 'object') return `<c r="${ref}"><f>${v.f}</f><v>1</v></c>`
      return `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`
    }).join('')}</row>`)
    .join('')
  return zipSync({
    'xl/workbook.xml': strToU8('<workbook xmlns:r="r"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
    'xl/worksheets/sheet1.xml': strToU8(`<worksheet><sheetData>${cells}</sheetData></worksheet>`),
  })
}

describe('sheet import', () => {
  it('reads a CSV in the common forms (quoted commas, Chinese dates, BOM)', () => {
    const r = readSheet(strToU8('\uFEFF' + [HEADER, 'XC-01,"存在问题，需整改",巡察反馈,县财政局,王科长,李书记,2026年12月31日', 'XC-02,问题二,,县教育局,张老师,李书记,12月31日'].join('\n')), 'a.csv', TODAY, none)
    expect(r).toEqual({ ok: true, items: [expect.objectContaining({ number: 'XC-01', problem: '存在问题，需整改', deadline: '2026-12-31' }), expect.objectContaining({ number: 'XC-02', source: '', deadline: '2026-12-31' })] })
  })

  it('reads .xlsx with shared-string-free inline cells and Excel date serials', () => {
    const r = readSheet(xlsx([['编号', '问题', '责任单位', '责任人', '督办人', '期限'], ['XC-01', '问题一', '县财政局', '王科长', '李书记', 46387]]), 'a.xlsx', TODAY, none)
    expect(r.ok && r.items[0]).toMatchObject({ number: 'XC-01', deadline: '2026-12-31' })
  })

  it('lists every bad row with row number, column and reason, and imports nothing', () => {
    const r = readSheet(csv('XC-01,问题一,,县财政局,王科长,李书记,2026-02-30', 'XC-02,问题二,,县财政局,,李书记,2026-12-31', 'XC-03,问题三,,县财政局,王科长,李书记,2026-12-31', 'XC-03,重复,,县财政局,王科长,李书记,2026-12-31', 'XC-05,=HYPERLINK("x"),,县财政局,王科长,李书记,2026-12-31'), 'a.csv', TODAY, (n) => n === 'XC-09')
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toEqual([
      { row: 2, column: '整改期限', reason: expect.stringMatching(/不存在/) },
      { row: 3, column: '责任人', reason: '责任人不能为空' },
      { row: 5, column: '编号', reason: '与第 4 行编号重复' },
      { row: 6, column: '问题描述', reason: expect.stringMatching(/含公式/) },
    ])
    expect(formatErrors(r.errors)).toMatch(/^导入失败，未导入任何一行（共 4 处错误）/)
  })

  it('refuses missing columns, formulas in .xlsx, numbers already in the ledger, empty and huge sheets', () => {
    const noOwner = readSheet(strToU8('编号,问题描述,责任单位,督办人,整改期限\nXC-01,问题,单位,李书记,2026-12-31'), 'a.csv', TODAY, none)
    expect(!noOwner.ok && noOwner.errors[0]?.column).toBe('责任人')
    const formula = readSheet(xlsx([['编号', '问题', '责任单位', '责任人', '督办人', '期限'], ['XC-01', '问题', '单位', '王', '李', { f: 'TODAY()+30' }]]), 'a.xlsx', TODAY, none)
    expect(!formula.ok && formula.errors[0]?.reason).toMatch(/含公式/)
    const dup = readSheet(csv('XC-09,问题,,单位,王,李,2026-12-31'), 'a.csv', TODAY, (n) => n === 'XC-09')
    expect(!dup.ok && dup.errors[0]?.reason).toBe('台账中已有该编号')
    const empty = readSheet(strToU8(HEADER), 'a.csv', TODAY, none)
    expect(!empty.ok && empty.errors[0]?.reason).toBe('表头下没有数据行')
    expect(() => readSheet(new Uint8Array(11 * 1024 * 1024), 'a.csv', TODAY, none)).toThrow(/文件过大/)
    const many = readSheet(csv(...Array.from({ length: 20_001 }, (_, i) => `N${i},问题,,单位,王,李,2026-12-31`)), 'a.csv', TODAY, none)
    expect(!many.ok && many.errors[0]?.reason).toMatch(/行数超过/)
  })

  it('refuses broken or foreign files with a clear message', () => {
    expect(() => readSheet(strToU8('not a zip'), 'a.xlsx', TODAY, none)).toThrow(/不是有效的 \.xlsx/)
    expect(() => readSheet(strToU8('x'), 'a.xls', TODAY, none)).toThrow(/不支持的表格类型/)
    expect(() => readSheet(new Uint8Array([0xff, 0xfe, 0x80]), 'a.csv', TODAY, none)).toThrow(/UTF-8/)
  })
})

describe('sheet export', () => {
  it('round-trips the ledger through .xlsx and .csv', () => {
    const f = ledgerFixture()
    f.ledger.create(item({ problem: '=1+1 看似公式的问题，含"引号"和,逗号' }), ADMIN)
    const rows = itemsToRows(f.store.all(), (i) => f.ledger.statusOf(i))
    for (const name of ['out.xlsx', 'out.csv']) {
      const back = readSheet(writeSheet(rows, name), name, TODAY, () => false)
      expect(back.ok, name).toBe(true)
      if (back.ok) expect(back.items[0]).toMatchObject({ number: 'XC-01', problem: '=1+1 看似公式的问题，含"引号"和,逗号', deadline: '2026-11-20' })
    }
    // In CSV the formula-looking text is marked as text for spreadsheets, and read back as the same text.
    expect(new TextDecoder().decode(writeSheet(rows, 'out.csv'))).toContain(`"'=1+1 看似公式的问题，含""引号""和,逗号"`)
  })
})
