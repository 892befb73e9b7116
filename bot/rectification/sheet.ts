/**
 * The ledger as a sheet: .csv and .xlsx, the forms offices really keep it in. Reading validates
 * every row and returns either all items or a list of errors (row number, column, reason), never a
 * partial import. Formulas, huge files and zip bombs are refused. .xlsx is read and written with
 * fflate (zip) and an XML parser: no macro or external-link evaluation, ever.
 *
 * @example const r = readSheet(buf, 'ledger.xlsx', today); if (r.ok) store.create(r.items, …)
 */
import { load } from 'cheerio'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { extname } from 'node:path'
import { UserError } from '../errors.js'
import { parseDate } from './deadlines.js'
import { COLUMNS, EXPORT_HEADERS, type Item, type NewItem, NewItemSchema } from './model.js'

export const MAX_SHEET_BYTES = 10 * 1024 * 1024
export const MAX_ROWS = 20_000

export interface RowError {
  row: number
  column: string
  reason: string
}

export type SheetResult = { ok: true; items: NewItem[] } | { ok: false; errors: RowError[] }

type Cell = { text: string; formula?: boolean; number?: number }

// —— CSV ——

export function parseCsv(text: string): Cell[][] {
  const rows: Cell[][] = []
  let row: Cell[] = []
  let field = ''
  let quoted = false
  const t = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < t.length; i++) {
    const c = t[i] as string
    if (quoted) {
      if (c === '"' && t[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"' && field === '') quoted = true
    else if (c === ',') {
      row.push({ text: field })
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && t[i + 1] === '\n') i++
      row.push({ text: field })
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  if (field !== '' || row.length) {
    row.push({ text: field })
    rows.push(row)
  }
  // A cell starting with = in a CSV is a formula to any spreadsheet that opens it; a leading
  // apostrophe is the spreadsheet convention for "this is text" (as written by our export).
  return rows.map((r) => r.map((c) => (/^=/.test(c.text) ? { ...c, formula: true } : /^'[=+\-@]/.test(c.text) ? { text: c.text.slice(1) } : c)))
}

const csvField = (v: string) => {
  // Neutralise formula injection when the file is opened in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

// —— XLSX ——

function readXlsx(buf: Uint8Array): Cell[][] {
  let files: Record<string, Uint8Array>
  try {
    let total = 0
    files = unzipSync(buf, {
      filter: (f) => {
        total += f.originalSize
        if (f.originalSize > 50 * 1024 * 1024 || total > 100 * 1024 * 1024) throw new UserError('表格解压后过大，疑似异常文件，已拒绝。')
        return /^(xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/sharedStrings\.xml|xl\/worksheets\/[^/]+\.xml)$/.test(f.name)
      },
    })
  } catch (e) {
    if (e instanceof UserError) throw e
    throw new UserError('不是有效的 .xlsx 文件（可能已损坏，或是旧版 .xls：请另存为 .xlsx 或 .csv）。')
  }
  const xml = (name: string) => (files[name] ? load(strFromU8(files[name] as Uint8Array), { xml: true }) : undefined)
  const wb = xml('xl/workbook.xml')
  const rels = xml('xl/_rels/workbook.xml.rels')
  if (!wb || !rels) throw new UserError('不是有效的 .xlsx 文件（缺少工作簿）。')
  const firstRid = wb('sheet').first().attr('r:id')
  const target = rels(`Relationship[Id="${firstRid}"]`).attr('Target') ?? 'worksheets/sheet1.xml'
  const sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`
  const sheet = xml(sheetPath)
  if (!sheet) throw new UserError('表格中没有工作表。')
  const shared: string[] = []
  const ss = xml('xl/sharedStrings.xml')
  ss?.('si').each((_, si) => {
    shared.push(ss(si).find('t').map((__, t) => ss(t).text()).get().join(''))
  })
  const rows: Cell[][] = []
  const col = (ref: string) => {
    const letters = /^[A-Z]+/.exec(ref)?.[0] ?? 'A'
    let n = 0
    for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64)
    return n - 1
  }
  sheet('sheetData > row').each((_, r) => {
    const rowNo = Number(sheet(r).attr('r') ?? rows.length + 1)
    const cells: Cell[] = []
    sheet(r)
      .children('c')
      .each((__, c) => {
        const el = sheet(c)
        const t = el.attr('t')
        const v = el.children('v').text()
        const cell: Cell = { text: '' }
        if (el.children('f').length) cell.formula = true
        if (t === 's') cell.text = shared[Number(v)] ?? ''
        else if (t === 'inlineStr') cell.text = el.find('is t').map((___, x) => sheet(x).text()).get().join('')
        else if (t === 'b') cell.text = v === '1' ? 'TRUE' : 'FALSE'
        else if (t === 'str' || t === 'e') cell.text = v
        else {
          cell.text = v
          if (v !== '' && Number.isFinite(Number(v))) cell.number = Number(v)
        }
        cells[col(el.attr('r') ?? '')] = cell
      })
    rows[rowNo - 1] = Array.from(cells, (c) => c ?? { text: '' })
  })
  return Array.from(rows, (r) => r ?? [])
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')

function colName(i: number): string {
  let s = ''
  let n = i + 1
  while (n > 0) {
    const m = (n - 1) % 26
    s = String.fromCharCode(65 + m) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

function writeXlsx(rows: string[][]): Uint8Array {
  const sheetRows = rows
    .map((r, i) => `<row r="${i + 1}">${r.map((v, j) => `<c r="${colName(j)}${i + 1}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`).join('')}</row>`)
    .join('')
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    '_rels/.rels': strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    'xl/workbook.xml': strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="整改台账" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    'xl/_rels/workbook.xml.rels': strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    'xl/worksheets/sheet1.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`),
  }
  return zipSync(files)
}

// —— rows to items ——

/** Excel stores dates as days since 1899-12-30. */
function excelSerialToDate(n: number): string {
  return new Date(Date.UTC(1899, 11, 30) + Math.round(n) * 86_400_000).toISOString().slice(0, 10)
}

export function rowsToItems(rows: Cell[][], today: string, existing: (number: string) => boolean): SheetResult {
  const errors: RowError[] = []
  const nonEmpty = rows.findIndex((r) => r.some((c) => c.text.trim()))
  if (nonEmpty < 0) return { ok: false, errors: [{ row: 1, column: '-', reason: '表格为空' }] }
  const header = (rows[nonEmpty] as Cell[]).map((c) => c.text.trim())
  const index = {} as Record<keyof NewItem, number>
  const missing: string[] = []
  for (const [field, names] of Object.entries(COLUMNS) as Array<[keyof NewItem, string[]]>) {
    const i = header.findIndex((h) => names.includes(h))
    if (i < 0 && field !== 'source') missing.push(names[0] as string)
    index[field] = i
  }
  if (missing.length) return { ok: false, errors: [{ row: nonEmpty + 1, column: missing.join('、'), reason: `缺少必需的列（表头应包含：${Object.values(COLUMNS).map((n) => n[0]).join('、')}）` }] }
  if (rows.length - nonEmpty - 1 > MAX_ROWS) return { ok: false, errors: [{ row: 0, column: '-', reason: `行数超过 ${MAX_ROWS}，请分批导入` }] }
  const items: NewItem[] = []
  const seen = new Map<string, number>()
  for (let r = nonEmpty + 1; r < rows.length; r++) {
    const row = rows[r] as Cell[]
    if (!row.some((c) => c.text.trim())) continue
    const rowNo = r + 1
    const get = (f: keyof NewItem) => (index[f] >= 0 ? row[index[f]] : undefined)
    let bad = false
    for (const [f, names] of Object.entries(COLUMNS) as Array<[keyof NewItem, string[]]>) {
      if (get(f)?.formula) {
        errors.push({ row: rowNo, column: names[0] as string, reason: '含公式，请改为数值或文字后再导入' })
        bad = true
      }
    }
    if (bad) continue
    const dl = get('deadline')
    let deadline = ''
    try {
      deadline = dl?.number !== undefined && dl.number > 20000 && dl.number < 80000 ? excelSerialToDate(dl.number) : parseDate(dl?.text ?? '', today)
    } catch (e) {
      errors.push({ row: rowNo, column: '整改期限', reason: (e as Error).message })
      continue
    }
    const p = NewItemSchema.safeParse({
      number: get('number')?.text ?? '',
      problem: get('problem')?.text ?? '',
      source: get('source')?.text ?? '',
      unit: get('unit')?.text ?? '',
      owner: get('owner')?.text ?? '',
      supervisor: get('supervisor')?.text ?? '',
      deadline,
    })
    if (!p.success) {
      for (const i of p.error.issues) errors.push({ row: rowNo, column: COLUMNS[i.path[0] as keyof NewItem]?.[0] ?? String(i.path[0]), reason: i.message })
      continue
    }
    const prev = seen.get(p.data.number)
    if (prev) errors.push({ row: rowNo, column: '编号', reason: `与第 ${prev} 行编号重复` })
    else if (existing(p.data.number)) errors.push({ row: rowNo, column: '编号', reason: '台账中已有该编号' })
    else {
      seen.set(p.data.number, rowNo)
      items.push(p.data)
    }
  }
  if (errors.length) return { ok: false, errors }
  if (!items.length) return { ok: false, errors: [{ row: nonEmpty + 2, column: '-', reason: '表头下没有数据行' }] }
  return { ok: true, items }
}

export function readSheet(buf: Uint8Array, name: string, today: string, existing: (number: string) => boolean): SheetResult {
  if (buf.length > MAX_SHEET_BYTES) throw new UserError(`文件过大（超过 ${MAX_SHEET_BYTES / 1048576} MB），请分批导入。`)
  const ext = extname(name).toLowerCase()
  let rows: Cell[][]
  if (ext === '.csv') {
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf)
    } catch {
      throw new UserError('CSV 不是 UTF-8 编码。请在 Excel 中“另存为 CSV UTF-8”后再导入。')
    }
    rows = parseCsv(text)
  } else if (ext === '.xlsx') rows = readXlsx(buf)
  else throw new UserError(`不支持的表格类型 ${ext || '（无扩展名）'}，请使用 .xlsx 或 .csv。`)
  return rowsToItems(rows, today, existing)
}

export function itemsToRows(items: Item[], statusOf: (i: Item) => string): string[][] {
  return [[...EXPORT_HEADERS], ...items.map((i) => [i.number, i.problem, i.source, i.unit, i.owner, i.supervisor, i.deadline, statusOf(i), i.updatedAt.slice(0, 10)])]
}

export function writeSheet(rows: string[][], name: string): Uint8Array {
  const ext = extname(name).toLowerCase()
  if (ext === '.csv') return strToU8('\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n')
  if (ext === '.xlsx') return writeXlsx(rows)
  throw new UserError(`不支持的导出类型 ${ext || '（无扩展名）'}，请使用 .xlsx 或 .csv。`)
}

export function formatErrors(errors: RowError[], max = 50): string {
  const lines = errors.slice(0, max).map((e) => `第 ${e.row} 行［${e.column}］：${e.reason}`)
  if (errors.length > max) lines.push(`……另有 ${errors.length - max} 处错误`)
  return `导入失败，未导入任何一行（共 ${errors.length} 处错误）：\n${lines.join('\n')}`
}
