import { describe, expect, it } from 'vitest'
import { strToU8, zipSync } from 'fflate'
import { type LedgerSheetResult, historyCsvName, ledgerSheets, readLedger } from '../../../../bot/office/rectification/sheet.js'
import { formatErrors, readWorkbook, writeWorkbook } from '../../../../bot/office/sheets.js'
import { CLI_ACTOR } from '../../../../bot/office/roster/model.js'
import { ADMIN, OWNER, SUPERVISOR, item, ledgerFixture , pk } from '../../../helpers/ledger.js'

const HEADER = '编号,问题描述,来源,责任单位,责任人,督办人,整改期限'
const csv = (...lines: string[]) => strToU8([HEADER, ...lines].join('\r\n'))
const TODAY = '2026-11-21'

/** A minimal .xlsx with the given cells (strings, numbers, or {f: formula}); `date1904` marks an old Mac workbook. */
function xlsx(rows: Array<Array<string | number | { f: string }>>, date1904 = false): Uint8Array {
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
    'xl/workbook.xml': strToU8(`<workbook xmlns:r="r">${date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
    'xl/worksheets/sheet1.xml': strToU8(`<worksheet><sheetData>${cells}</sheetData></worksheet>`),
  })
}

function read(buf: Uint8Array, name: string, f = ledgerFixture('2026-11-21T02:00:00Z')): LedgerSheetResult {
  return readLedger(readWorkbook(buf, name), { today: TODAY, nowIso: '2026-11-21T02:00:00.000Z', roster: f.roster, exists: (n) => !!f.store.byNumber(n) })
}
const errorsOf = (r: LedgerSheetResult) => (r.ok ? [] : r.errors)

describe('ledger sheet import', () => {
  it('reads a CSV in the common forms (quoted commas, Chinese dates, BOM) and resolves people to roster keys', () => {
    const r = read(strToU8('\uFEFF' + [HEADER, 'XC-01,"存在问题，需整改",巡察反馈,县财政局,王科长,赵主任,2026年12月31日', 'XC-02,问题二,,县教育局,张老师,李书记,12月31日'].join('\n')), 'a.csv')
    expect(r.ok && r.items).toEqual([
      expect.objectContaining({ number: 'XC-01', problem: '存在问题，需整改', ownerKey: 'W01', supervisorKey: 'D01', deadline: '2026-12-31', status: '整改中' }),
      expect.objectContaining({ number: 'XC-02', source: '', ownerKey: 'Z01', supervisorKey: 'A01', deadline: '2026-12-31' }),
    ])
  })

  it('reads Excel date serials by their whole day: a time of day never moves the date', () => {
    const rows = (v: number) => [['编号', '问题', '责任单位', '责任人', '督办人', '期限'], ['XC-01', '问题一', '县财政局', '王科长', '赵主任', v]]
    expect(read(xlsx(rows(46387)), 'a.xlsx')).toMatchObject({ ok: true, items: [{ deadline: '2026-12-31' }] })
    // 2026-12-31 18:00 is 46387.75: still 2026-12-31 (rounding would make it 2027-01-01).
    expect(read(xlsx(rows(46387.75)), 'a.xlsx')).toMatchObject({ ok: true, items: [{ deadline: '2026-12-31' }] })
    // The same day in a 1904-based workbook is 1462 days less.
    expect(read(xlsx(rows(46387 - 1462), true), 'a.xlsx')).toMatchObject({ ok: true, items: [{ deadline: '2026-12-31' }] })
  })

  it('lists every bad row with row number, column and reason, and imports nothing', () => {
    const f = ledgerFixture('2026-11-21T02:00:00Z')
    f.ledger.create(item({ number: 'XC-09', deadline: '2026-12-31' }), ADMIN)
    const r = read(
      csv(
        'XC-01,问题一,,县财政局,王科长,赵主任,2026-02-30',
        'XC-02,问题二,,县财政局,,赵主任,2026-12-31',
        'XC-03,问题三,,县财政局,王科长,赵主任,2026-12-31',
        'XC-03,重复,,县财政局,王科长,赵主任,2026-12-31',
        'XC-05,=HYPERLINK("x"),,县财政局,王科长,赵主任,2026-12-31',
        'XC-06,问题六,,县财政局,王科长,王科长,2026-12-31',
        'XC-07,问题七,,县财政局,钱某,赵主任,2026-12-31',
        'XC-08,问题八,,县财政局,王科长,赵主任,2021-06-30',
        'XC-09,问题九,,县财政局,王科长,赵主任,2026-12-31',
      ),
      'a.csv',
      f,
    )
    expect(errorsOf(r)).toEqual([
      { row: 2, column: '整改期限', reason: expect.stringMatching(/不存在/) },
      { row: 3, column: '责任人', reason: '责任人不能为空' },
      { row: 5, column: '编号', reason: '与第 4 行编号重复' },
      { row: 6, column: '问题描述', reason: expect.stringMatching(/含公式/) },
      { row: 7, column: '督办人', reason: expect.stringMatching(/“王科长”（W01）在名册中没有“督办”角色/) },
      { row: 8, column: '责任人', reason: expect.stringMatching(/名册中没有“钱某”/) },
      { row: 9, column: '整改期限', reason: expect.stringMatching(/早于今天（2026-11-21）；若确为已逾期事项，请在“状态”列填写“逾期”/) },
      { row: 10, column: '编号', reason: '台账中已有该编号' },
    ])
    expect(formatErrors(errorsOf(r))).toMatch(/^导入失败，未导入任何一行（共 8 处错误）/)
  })

  it('names the candidates when a name is ambiguous', () => {
    const f = ledgerFixture('2026-11-21T02:00:00Z')
    f.roster.store.upsert([{ key: pk('W02'), name: '王科长', unit: '县教育局', roles: [] }], ADMIN, 't')
    const r = read(csv('XC-01,问题一,,县水利局,王科长,赵主任,2026-12-31', 'XC-02,问题二,,县教育局,王科长,赵主任,2026-12-31'), 'a.csv', f)
    expect(errorsOf(r)).toEqual([{ row: 2, column: '责任人', reason: expect.stringMatching(/有 2 位“王科长”：W01（县财政局）、W02（县教育局）/) }])
  })

  it('takes the status column into account instead of ignoring it', () => {
    const H = '编号,问题描述,责任单位,责任人,督办人,整改期限,状态'
    const ok = read(strToU8(`${H}\nXC-01,问题一,县财政局,王科长,赵主任,2021-06-30,逾期\nXC-02,问题二,县财政局,王科长,赵主任,2026-10-30,已销号`), 'a.csv')
    expect(ok.ok && ok.items.map((i) => [i.number, i.status])).toEqual([['XC-01', '逾期'], ['XC-02', '已销号']])
    const bad = read(strToU8(`${H}\nXC-01,问题一,县财政局,王科长,赵主任,2026-12-30,完成了`), 'a.csv')
    expect(errorsOf(bad)[0]).toMatchObject({ column: '状态', reason: expect.stringMatching(/状态“完成了”无效/) })
  })

  it('refuses missing columns, formulas in .xlsx, empty and huge sheets', () => {
    const noOwner = read(strToU8('编号,问题描述,责任单位,督办人,整改期限\nXC-01,问题,单位,赵主任,2026-12-31'), 'a.csv')
    expect(errorsOf(noOwner)[0]?.column).toBe('责任人')
    const formula = read(xlsx([['编号', '问题', '责任单位', '责任人', '督办人', '期限'], ['XC-01', '问题', '县财政局', '王科长', '赵主任', { f: 'TODAY()+30' }]]), 'a.xlsx')
    expect(errorsOf(formula)[0]?.reason).toMatch(/含公式/)
    expect(errorsOf(read(strToU8(HEADER), 'a.csv'))[0]?.reason).toBe('表头下没有数据行')
    expect(() => read(new Uint8Array(11 * 1024 * 1024), 'a.csv')).toThrow(/文件过大/)
    const many = read(csv(...Array.from({ length: 20_001 }, (_, i) => `N${i},问题,,单位,王,李,2026-12-31`)), 'a.csv')
    expect(errorsOf(many)[0]?.reason).toMatch(/行数超过/)
  })

  it('refuses broken or foreign files with a clear message', () => {
    expect(() => read(strToU8('not a zip'), 'a.xlsx')).toThrow(/不是有效的 \.xlsx/)
    expect(() => read(strToU8('x'), 'a.xls')).toThrow(/不支持的表格类型/)
    expect(() => read(new Uint8Array([0xff, 0xfe, 0x80]), 'a.csv')).toThrow(/UTF-8/)
  })
})

describe('ledger export and lossless round trip', () => {
  function populated() {
    const f = ledgerFixture('2026-11-02T01:00:00Z')
    f.ledger.create(item({ problem: '=1+1 看似公式的问题，含"引号"和,逗号' }), ADMIN)
    f.ledger.create(item({ number: 'XC-02', deadline: '2026-12-15' }), ADMIN)
    f.ledger.create(item({ number: 'XC-03', deadline: '2026-12-20', owner: '张老师', unit: '县教育局' }), ADMIN)
    f.clock.set('2026-11-10T03:00:00Z')
    f.ledger.done('XC-01', '已建立制度并组织学习', OWNER)
    f.ledger.close('XC-01', '核实无误', SUPERVISOR)
    f.ledger.extend('XC-02', '2027-01-15', '涉及资金需上级审批', ADMIN)
    return f
  }
  const exportOf = (f: ReturnType<typeof ledgerFixture>, name: string) => {
    const sheets = ledgerSheets(f.store.all(), (id) => f.store.history(id), { statusOf: (i) => f.ledger.statusOf(i), nameOf: (k) => f.roster.nameOf(k) })
    return { main: writeWorkbook(sheets, name), history: writeWorkbook([sheets[1]!], historyCsvName(name)), sheets }
  }

  for (const name of ['out.xlsx', 'out.csv']) {
    it(`export → import into an empty ledger → export is identical (${name})`, () => {
      const f = populated()
      const first = exportOf(f, name)
      const g = ledgerFixture('2026-11-12T02:00:00Z')
      const wb = readWorkbook(first.main, name)
      const hist = name.endsWith('.csv') ? { ...readWorkbook(first.history, 'h.csv').sheets[0]!, name: '历史记录' } : undefined
      const r = readLedger(wb, { today: g.ledger.today(), nowIso: g.clock.now().toISOString(), roster: g.roster, exists: (n) => !!g.store.byNumber(n) }, hist)
      expect(r.ok, JSON.stringify(!r.ok && r.errors)).toBe(true)
      if (!r.ok) return
      g.store.restore(r.items, r.history, CLI_ACTOR, g.clock.now().toISOString())
      // Closed stays closed (and is never nudged again); the history and the completion note came back.
      expect(g.store.byNumber('XC-01')).toMatchObject({ status: '已销号', completion: '已建立制度并组织学习' })
      expect(g.store.history(g.store.byNumber('XC-01')!.id).map((h) => h.action)).toEqual(['create', 'done', 'close'])
      const second = exportOf(g, name)
      expect(Buffer.from(second.main).equals(Buffer.from(first.main))).toBe(true)
      expect(second.sheets).toEqual(first.sheets)
    })
  }

  it('marks formula-looking text as text in CSV and reads it back as the same text', () => {
    const f = populated()
    const text = new TextDecoder().decode(exportOf(f, 'out.csv').main)
    expect(text).toContain(`"'=1+1 看似公式的问题，含""引号""和,逗号"`)
  })
})
