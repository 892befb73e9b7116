/**
 * The ledger as a sheet. Export carries everything needed to rebuild the ledger: each item with
 * its status, completion note and times, and a second sheet (or, for .csv, a companion file
 * "<name>-历史.csv") with the full history. Import validates every row and returns either all
 * items or a list of errors (sheet, row, column, reason), never a partial import. Owners and
 * supervisors must be roster people (key, unique name, "姓名（单位）" or name within the unit).
 *
 * @example const r = readLedger(workbook, { today, roster, exists }); if (r.ok) store.restore(r.items, r.history, …)
 */
import { type Cell, type RowError, type Sheet, type Workbook, MAX_ROWS, isDateSerial, mapHeader, parseDateTime, serialToDate, serialToInstant, shanghaiDateTime } from '../sheets.js'
import type { Roster } from '../roster/roster.js'
import { parseDate } from './deadlines.js'
import {
  ACTION_LABELS, CHANGE_LABELS, COLUMNS, type Column, EXPORT_HEADERS, HISTORY_ACTIONS, HISTORY_HEADERS, type HistoryAction, type HistoryEntry, ITEM_STATUSES,
  type Item, type ItemStatus, NewItemSchema, REQUIRED_COLUMNS, type RestoredItem,
} from './model.js'

export const HISTORY_SHEET = '历史记录'
export const LEDGER_SHEET = '整改台账'
/** The companion file a .csv export writes beside itself for the history. */
export const historyCsvName = (csv: string) => csv.replace(/\.csv$/i, '-历史.csv')

export type LedgerSheetResult =
  | { ok: true; items: RestoredItem[]; history: Map<string, Array<Omit<HistoryEntry, 'itemId'>>> }
  | { ok: false; errors: RowError[] }

export interface ReadContext {
  today: string
  /** Now, for items that come without a creation time. */
  nowIso: string
  roster: Roster
  exists: (number: string) => boolean
}

const HISTORY_COLUMNS = {
  number: ['编号'],
  at: ['时间'],
  actor: ['操作人'],
  actorKey: ['操作人编号'],
  action: ['操作'],
  changes: ['变更'],
  note: ['说明'],
} as const

const LABEL_TO_ACTION = Object.fromEntries(Object.entries(ACTION_LABELS).map(([k, v]) => [v, k as HistoryAction]))
const LABEL_TO_FIELD = Object.fromEntries(Object.entries(CHANGE_LABELS).map(([k, v]) => [v, k]))

export function changesText(c: HistoryEntry['changes']): string {
  return Object.entries(c).map(([k, [a, b]]) => `${CHANGE_LABELS[k] ?? k} ${a}→${b}`).join('；')
}

function parseChanges(text: string): HistoryEntry['changes'] | undefined {
  const out: HistoryEntry['changes'] = {}
  for (const part of text.split('；').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\S+) (.*?)→(.*)$/.exec(part)
    const field = m ? LABEL_TO_FIELD[m[1] as string] : undefined
    if (!m || !field) return undefined
    out[field] = [m[2] as string, m[3] as string]
  }
  return out
}

export function readLedger(wb: Workbook, ctx: ReadContext, historySheet?: Sheet): LedgerSheetResult {
  const main = wb.sheets.find((s) => s.name === LEDGER_SHEET) ?? (wb.sheets[0] as Sheet)
  const hist = historySheet ?? wb.sheets.find((s) => s.name === HISTORY_SHEET)
  const errors: RowError[] = []
  const multi = wb.sheets.length > 1 || !!historySheet
  const at = (row: number, column: string, reason: string, sheet = main.name) => errors.push({ ...(multi ? { sheet } : {}), row, column, reason })
  const h = mapHeader(main.rows, COLUMNS)
  if (!h) return { ok: false, errors: [{ row: 1, column: '-', reason: '表格为空' }] }
  const { headerRow, index } = h
  const missing = REQUIRED_COLUMNS.filter((c) => index[c] < 0).map((c) => COLUMNS[c][0])
  if (missing.length) return { ok: false, errors: [{ row: headerRow + 1, column: missing.join('、'), reason: `缺少必需的列（表头应包含：${REQUIRED_COLUMNS.map((c) => COLUMNS[c][0]).join('、')}）` }] }
  if (main.rows.length - headerRow - 1 > MAX_ROWS) return { ok: false, errors: [{ row: 0, column: '-', reason: `行数超过 ${MAX_ROWS}，请分批导入` }] }
  const items: RestoredItem[] = []
  const seen = new Map<string, number>()
  for (let r = headerRow + 1; r < main.rows.length; r++) {
    const row = main.rows[r] as Cell[]
    if (!row.some((c) => c.text.trim())) continue
    const rowNo = r + 1
    const get = (f: Column): Cell | undefined => (index[f] >= 0 ? row[index[f]] : undefined)
    const text = (f: Column) => get(f)?.text.trim() ?? ''
    const formulas = (Object.keys(COLUMNS) as Column[]).filter((f) => get(f)?.formula)
    if (formulas.length) {
      for (const f of formulas) at(rowNo, COLUMNS[f][0], '含公式，请改为数值或文字后再导入')
      continue
    }
    const before = errors.length
    // Status: empty means a new item (整改中).
    const statusText = text('status')
    const status = (statusText || '整改中') as ItemStatus
    if (!ITEM_STATUSES.includes(status)) at(rowNo, '状态', `状态“${statusText.slice(0, 10)}”无效，应为 ${ITEM_STATUSES.join('、')} 之一`)
    let deadline = ''
    try {
      const dl = get('deadline')
      deadline = isDateSerial(dl) ? serialToDate(dl.number, wb.date1904) : parseDate(dl?.text ?? '', ctx.today)
      if (deadline < ctx.today && (status === '整改中' || !statusText)) at(rowNo, '整改期限', `期限 ${deadline} 早于今天（${ctx.today}）；若确为已逾期事项，请在“状态”列填写“逾期”`)
    } catch (e) {
      at(rowNo, '整改期限', (e as Error).message)
    }
    const unit = text('unit')
    const person = (nameCol: 'owner' | 'supervisor', keyCol: 'ownerKey' | 'supervisorKey', label: string) => {
      const raw = text(keyCol) || text(nameCol)
      const r = ctx.roster.resolve(raw, { label, unitHint: unit, ...(nameCol === 'supervisor' ? { role: 'supervisor' as const } : {}) })
      if (!r.ok) {
        at(rowNo, text(keyCol) ? COLUMNS[keyCol][0] : COLUMNS[nameCol][0], r.reason)
        return ''
      }
      // A key column and a name column that disagree are a mistake in the sheet, not a choice.
      if (text(keyCol) && text(nameCol) && text(nameCol) !== r.person.name) at(rowNo, COLUMNS[nameCol][0], `${label}编号 ${r.person.key} 在名册中是“${r.person.name}”，与本列“${text(nameCol).slice(0, 20)}”不一致`)
      return r.person.key
    }
    const ownerKey = person('owner', 'ownerKey', '责任人')
    const supervisorKey = person('supervisor', 'supervisorKey', '督办人')
    const time = (f: 'createdAt' | 'updatedAt', label: string) => {
      const c = get(f)
      if (!c?.text.trim()) return ctx.nowIso
      const v = c.number !== undefined ? serialToInstant(c.number, wb.date1904) : parseDateTime(c.text)
      if (!v) at(rowNo, label, `无法识别时间“${c.text.slice(0, 20)}”，应写成 2026-11-02 09:00:00`)
      return v ?? ctx.nowIso
    }
    const createdAt = time('createdAt', '创建时间')
    const updatedAt = time('updatedAt', '最近更新')
    const p = NewItemSchema.safeParse({ number: text('number'), problem: text('problem'), source: text('source'), unit, ownerKey: ownerKey || '-', supervisorKey: supervisorKey || '-', deadline: deadline || '0000-00-00' })
    if (!p.success) for (const i of p.error.issues) at(rowNo, (COLUMNS as Record<string, readonly string[]>)[String(i.path[0])]?.[0] ?? String(i.path[0]), i.message)
    if (errors.length > before || !p.success) continue
    const prev = seen.get(p.data.number)
    if (prev) at(rowNo, '编号', `与第 ${prev} 行编号重复`)
    else if (ctx.exists(p.data.number)) at(rowNo, '编号', '台账中已有该编号')
    else {
      seen.set(p.data.number, rowNo)
      items.push({ ...p.data, status, completion: text('completion').slice(0, 500), createdAt, updatedAt })
    }
  }
  const history = hist ? readHistory(hist, seen, wb.date1904, (row, column, reason) => at(row, column, reason, hist.name)) : new Map()
  if (errors.length) return { ok: false, errors }
  if (!items.length) return { ok: false, errors: [{ row: headerRow + 2, column: '-', reason: '表头下没有数据行' }] }
  return { ok: true, items, history }
}

function readHistory(sheet: Sheet, numbers: Map<string, number>, date1904: boolean, err: (row: number, column: string, reason: string) => void) {
  const out = new Map<string, Array<Omit<HistoryEntry, 'itemId'>>>()
  const h = mapHeader(sheet.rows, HISTORY_COLUMNS)
  if (!h) return out
  const missing = (['number', 'at', 'actor', 'action'] as const).filter((c) => h.index[c] < 0).map((c) => HISTORY_COLUMNS[c][0])
  if (missing.length) {
    err(h.headerRow + 1, missing.join('、'), `历史记录缺少必需的列（表头应为：${HISTORY_HEADERS.join('、')}）`)
    return out
  }
  for (let r = h.headerRow + 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] as Cell[]
    if (!row.some((c) => c.text.trim())) continue
    const rowNo = r + 1
    const get = (f: keyof typeof HISTORY_COLUMNS) => (h.index[f] >= 0 ? row[h.index[f]] : undefined)
    const text = (f: keyof typeof HISTORY_COLUMNS) => get(f)?.text.trim() ?? ''
    const number = text('number')
    if (!numbers.has(number)) {
      err(rowNo, '编号', `编号“${number.slice(0, 40)}”不在台账表中`)
      continue
    }
    const c = get('at')
    const atIso = c?.number !== undefined ? serialToInstant(c.number, date1904) : parseDateTime(c?.text ?? '')
    if (!atIso) err(rowNo, '时间', `无法识别时间“${(c?.text ?? '').slice(0, 20)}”`)
    const action = LABEL_TO_ACTION[text('action')] ?? (HISTORY_ACTIONS as readonly string[]).find((a) => a === text('action'))
    if (!action) err(rowNo, '操作', `操作“${text('action').slice(0, 10)}”无效，应为 ${Object.values(ACTION_LABELS).join('、')} 之一`)
    const changes = parseChanges(text('changes'))
    if (!changes) err(rowNo, '变更', `变更“${text('changes').slice(0, 30)}”无法识别，应写成“状态 整改中→逾期；期限 2026-11-20→2026-12-31”`)
    if (!atIso || !action || !changes) continue
    const actorName = text('actor') || '—'
    const list = out.get(number) ?? []
    list.push({ at: atIso, actorKey: text('actorKey') || `legacy:${actorName}`, actorName, action: action as HistoryAction, changes, note: text('note').slice(0, 500) })
    out.set(number, list)
  }
  return out
}

/** The ledger and its history as sheets (all cells text). */
export function ledgerSheets(items: Item[], history: (id: number) => HistoryEntry[], o: { statusOf: (i: Item) => string; nameOf: (key: string) => string }) {
  const main = [[...EXPORT_HEADERS], ...items.map((i) => [
    i.number, i.problem, i.source, i.unit, o.nameOf(i.ownerKey), i.ownerKey, o.nameOf(i.supervisorKey), i.supervisorKey, i.deadline, o.statusOf(i), i.completion,
    shanghaiDateTime(i.createdAt), shanghaiDateTime(i.updatedAt),
  ])]
  const hist: string[][] = [[...HISTORY_HEADERS]]
  for (const i of items) for (const e of history(i.id)) hist.push([i.number, shanghaiDateTime(e.at), e.actorName, e.actorKey, ACTION_LABELS[e.action], changesText(e.changes), e.note])
  return [{ name: LEDGER_SHEET, rows: main }, { name: HISTORY_SHEET, rows: hist }]
}
