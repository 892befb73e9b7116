/**
 * Spreadsheets as offices keep them: .csv (UTF-8) and .xlsx. Reading returns cells (text, and the
 * number for numeric cells, and whether a formula produced them); formulas are never evaluated,
 * macros and external links never touched, huge files and zip bombs refused. .xlsx is read and
 * written with fflate (zip) and an XML parser, .csv read with csv-parse. Used by the ledger and the roster imports.
 *
 * @example const wb = readWorkbook(buf, 'ledger.xlsx'); wb.sheets[0].rows[1][0].text
 */
import { load } from 'cheerio'
import { parse } from 'csv-parse/sync'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { extname } from 'node:path'
import { UserError } from '../errors.js'

export const MAX_SHEET_BYTES = 10 * 1024 * 1024
export const MAX_ROWS = 20_000

export type Cell = { text: string; formula?: boolean; number?: number }
export interface Sheet {
  name: string
  rows: Cell[][]
}
export interface Workbook {
  sheets: Sheet[]
  /** Excel's 1904 date system (old Mac workbooks): serial 0 is 1904-01-01. */
  date1904: boolean
}

export interface RowError {
  /** Sheet name when the workbook has several. */
  sheet?: string
  row: number
  column: string
  reason: string
}

// —— CSV ——

/**
 * CSV as spreadsheets write it (csv-parse): quoted fields with commas, doubled quotes and line
 * breaks, any mix of CRLF and LF, a BOM. A quote that is never closed is an error naming the line
 * where it opened, instead of swallowing the rest of the file into one cell.
 */
export function parseCsv(text: string): Cell[][] {
  let rows: string[][]
  try {
    rows = parse(text, { bom: true, relax_column_count: true, relax_quotes: true, record_delimiter: ['\r\n', '\n', '\r'], skip_records_with_empty_values: false }) as string[][]
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code === 'CSV_QUOTE_NOT_CLOSED') throw new UserError(`CSV 第 ${openQuoteLine(text)} 行的引号没有闭合（从这里起的内容都会被读成一格）。请检查该行的引号，或在表格软件中重新另存为 CSV UTF-8。`)
    const line = (e as { lines?: number }).lines
    throw new UserError(`CSV 格式有误${line ? `（第 ${line} 行）` : ''}：${code === 'CSV_INVALID_CLOSING_QUOTE' ? '引号后面紧跟了其他字符' : '无法解析'}。请在表格软件中重新另存为 CSV UTF-8。`)
  }
  // A cell starting with = in a CSV is a formula to any spreadsheet that opens it; a leading
  // apostrophe is the spreadsheet convention for "this is text" (as written by our export).
  return rows.map((r) => r.map((text) => (/^=/.test(text) ? { text, formula: true } : /^'[=+\-@]/.test(text) ? { text: text.slice(1) } : { text })))
}

/** The line on which the last quoted field that never closes opens. */
function openQuoteLine(text: string): number {
  let open = false
  let at = 1
  text.split(/\r\n|\n|\r/).forEach((line, i) => {
    const quotes = (line.match(/"/g) ?? []).length
    if (quotes % 2 === 1) {
      if (!open) at = i + 1
      open = !open
    }
  })
  return at
}

const csvField = (v: string) => {
  // Neutralise formula injection when the file is opened in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function writeCsv(rows: string[][]): Uint8Array {
  return strToU8('\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n')
}

// —— XLSX ——

/** Drops namespace prefixes from element names (`<x:row>` → `<row>`); attributes keep theirs (r:id). */
export function localNames(xml: string): string {
  return xml.replace(/<(\/?)[A-Za-z_][\w.-]*:(?=[A-Za-z_])/g, '<$1')
}

/**
 * The text of a shared or inline string: its own <t>, or the <t> of each run <r>. Phonetic guides
 * (<rPh>, the kana Excel adds over East Asian text) are not part of the text.
 */
function richText($: ReturnType<typeof load>, el: Parameters<ReturnType<typeof load>>[0]): string {
  return $(el)
    .children('t, r')
    .map((_, x) => ($(x).is('t') ? $(x).text() : $(x).children('t').text()))
    .get()
    .join('')
}

function readXlsx(buf: Uint8Array): Workbook {
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
  // Element names without their namespace prefix (x:row is row): some generators prefix every part.
  const xml = (name: string) => (files[name] ? load(localNames(strFromU8(files[name] as Uint8Array)), { xml: true }) : undefined)
  const wb = xml('xl/workbook.xml')
  const rels = xml('xl/_rels/workbook.xml.rels')
  if (!wb || !rels) throw new UserError('不是有效的 .xlsx 文件（缺少工作簿）。')
  const date1904 = /^(1|true)$/i.test(wb('workbookPr').attr('date1904') ?? '')
  const shared: string[] = []
  const ss = xml('xl/sharedStrings.xml')
  ss?.('si').each((_, si) => {
    shared.push(richText(ss, si))
  })
  const col = (ref: string) => {
    const letters = /^[A-Z]+/.exec(ref)?.[0] ?? 'A'
    let n = 0
    for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64)
    return n - 1
  }
  const sheets: Sheet[] = []
  wb('sheet').each((i, el) => {
    const rid = wb(el).attr('r:id')
    const target = rels(`Relationship[Id="${rid}"]`).attr('Target') ?? `worksheets/sheet${i + 1}.xml`
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`
    const sheet = xml(path)
    if (!sheet) return
    const rows: Cell[][] = []
    let lastRow = 0
    sheet('sheetData > row').each((_, r) => {
      // Rows and cells without an `r` (WPS and some generators) follow the one before them.
      const rowNo = Number(sheet(r).attr('r') ?? lastRow + 1)
      lastRow = rowNo
      if (!Number.isInteger(rowNo) || rowNo < 1 || rowNo > MAX_ROWS + 100) throw new UserError(`表格行号异常（${String(sheet(r).attr('r')).slice(0, 10)}），或超过 ${MAX_ROWS} 行，请分批导入。`)
      const cells: Cell[] = []
      let nextCol = 0
      sheet(r)
        .children('c')
        .each((__, c) => {
          const e = sheet(c)
          const t = e.attr('t')
          const v = e.children('v').text()
          const cell: Cell = { text: '' }
          if (e.children('f').length) cell.formula = true
          if (t === 's') cell.text = shared[Number(v)] ?? ''
          else if (t === 'inlineStr') cell.text = e.children('is').get().map((is) => richText(sheet, is)).join('')
          else if (t === 'b') cell.text = v === '1' ? 'TRUE' : 'FALSE'
          else if (t === 'str' || t === 'e') cell.text = v
          else {
            cell.text = v
            if (v !== '' && Number.isFinite(Number(v))) cell.number = Number(v)
          }
          const ref = e.attr('r')
          const ci = ref ? col(ref) : nextCol
          nextCol = ci + 1
          if (ci > 200) return
          cells[ci] = cell
        })
      rows[rowNo - 1] = Array.from(cells, (c) => c ?? { text: '' })
    })
    sheets.push({ name: wb(el).attr('name') ?? `Sheet${i + 1}`, rows: Array.from(rows, (r) => r ?? []) })
  })
  if (!sheets.length) throw new UserError('表格中没有工作表。')
  return { sheets, date1904 }
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

/** An .xlsx with one sheet per entry; every cell is text (nothing a spreadsheet would evaluate). */
export function writeXlsx(sheets: Array<{ name: string; rows: string[][] }>): Uint8Array {
  const files: Record<string, Uint8Array> = {}
  const sheetXml = (rows: string[][]) =>
    rows.map((r, i) => `<row r="${i + 1}">${r.map((v, j) => `<c r="${colName(j)}${i + 1}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`).join('')}</row>`).join('')
  sheets.forEach((s, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetXml(s.rows)}</sheetData></worksheet>`)
  })
  files['[Content_Types].xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`,
  )
  files['_rels/.rels'] = strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
  )
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`,
  )
  // A fixed time stamp in the zip: the same ledger exports to the same bytes.
  return zipSync(files, { mtime: new Date('2000-01-01T00:00:00Z') })
}

/** Reads a .csv or .xlsx file's bytes (size-checked, UTF-8 enforced for CSV). */
export function readWorkbook(buf: Uint8Array, name: string): Workbook {
  if (buf.length > MAX_SHEET_BYTES) throw new UserError(`文件过大（超过 ${MAX_SHEET_BYTES / 1048576} MB），请分批导入。`)
  const ext = extname(name).toLowerCase()
  if (ext === '.csv') {
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf)
    } catch {
      throw new UserError('CSV 不是 UTF-8 编码。请在 Excel 中“另存为 CSV UTF-8”后再导入。')
    }
    return { sheets: [{ name: 'CSV', rows: parseCsv(text) }], date1904: false }
  }
  if (ext === '.xlsx') return readXlsx(buf)
  throw new UserError(`不支持的表格类型 ${ext || '（无扩展名）'}，请使用 .xlsx 或 .csv。`)
}

// —— dates in cells ——

const DAY_MS = 86_400_000
const SHANGHAI_OFFSET_MS = 8 * 3_600_000

/**
 * Excel stores dates as days since 1899-12-30 (or 1904-01-01), local time as the fraction. The
 * date is the whole part: the time of day never moves it.
 */
export function serialToDate(n: number, date1904: boolean): string {
  const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30)
  return new Date(base + Math.floor(n) * DAY_MS).toISOString().slice(0, 10)
}

/** An Excel date-time serial read as Beijing time, as an ISO instant. */
export function serialToInstant(n: number, date1904: boolean): string {
  const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30)
  return new Date(base + Math.round(n * DAY_MS / 1000) * 1000 - SHANGHAI_OFFSET_MS).toISOString()
}

/** A cell that looks like a date serial (1955–2119), not an ordinary number. */
export const isDateSerial = (c: Cell | undefined): c is Cell & { number: number } => c?.number !== undefined && c.number > 20000 && c.number < 80000

/** Beijing-time display of an instant, as written in exports: 2026-11-02 09:00:00. */
export function shanghaiDateTime(iso: string): string {
  return new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')
}

/** Reads "2026-11-02 09:00:00" (Beijing time) or an ISO instant; undefined when it is neither. */
export function parseDateTime(text: string): string | undefined {
  const s = text.trim()
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s)
  if (m) {
    const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)) - SHANGHAI_OFFSET_MS
    const d = new Date(t)
    return Number.isNaN(t) || shanghaiDateTime(d.toISOString()).slice(0, 16) !== `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}` ? undefined : d.toISOString()
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    const d = new Date(s)
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString()
  }
  return undefined
}

// —— headers and errors ——

/** Finds the header row (the first non-empty one) and the column of each field. */
export function mapHeader<F extends string>(rows: Cell[][], columns: Record<F, readonly string[]>): { headerRow: number; index: Record<F, number> } | undefined {
  const headerRow = rows.findIndex((r) => r.some((c) => c.text.trim()))
  if (headerRow < 0) return undefined
  const header = (rows[headerRow] as Cell[]).map((c) => c.text.trim())
  const index = {} as Record<F, number>
  for (const [field, names] of Object.entries(columns) as Array<[F, readonly string[]]>) index[field] = header.findIndex((h) => names.includes(h))
  return { headerRow, index }
}

export function formatErrors(errors: RowError[], max = 50): string {
  const lines = errors.slice(0, max).map((e) => `${e.sheet ? `［${e.sheet}］` : ''}第 ${e.row} 行［${e.column}］：${e.reason}`)
  if (errors.length > max) lines.push(`……另有 ${errors.length - max} 处错误`)
  return `导入失败，未导入任何一行（共 ${errors.length} 处错误）：\n${lines.join('\n')}`
}

/** Writes rows as .csv or .xlsx by the file name (.csv gets the first sheet only). */
export function writeWorkbook(sheets: Array<{ name: string; rows: string[][] }>, name: string): Uint8Array {
  const ext = extname(name).toLowerCase()
  if (ext === '.csv') return writeCsv(sheets[0]?.rows ?? [])
  if (ext === '.xlsx') return writeXlsx(sheets)
  throw new UserError(`不支持的导出类型 ${ext || '（无扩展名）'}，请使用 .xlsx 或 .csv。`)
}
