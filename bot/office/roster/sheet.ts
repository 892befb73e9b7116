/**
 * The roster as a sheet (.xlsx or .csv): 编号, 姓名, 单位, 角色, 微信账号, 企业微信账号. Import is all
 * or nothing, with row errors as for the ledger. A row without 编号 updates the one person with the
 * same name and unit, or gets the next free key (P0001, P0002 …).
 */
import { type Cell, type RowError, type Workbook, MAX_ROWS, mapHeader } from '../sheets.js'
import { type ChannelName, type NewPerson, NewPersonSchema, type Person, parseRoles, ROLE_HELP, rolesText } from './model.js'
import type { RosterStore } from './store.js'

export const ROSTER_COLUMNS = {
  key: ['编号', '人员编号', '工号'],
  name: ['姓名'],
  unit: ['单位', '所在单位', '部门'],
  roles: ['角色'],
  wechaty: ['微信账号', '微信ID', '微信id'],
  wecom: ['企业微信账号', '企业微信ID', '企业微信id', '企业微信UserID'],
} as const
export const ROSTER_HEADERS = ['编号', '姓名', '单位', '角色', '微信账号', '企业微信账号'] as const

export type RosterRow = NewPerson & { chatIds: Partial<Record<ChannelName, string>> }
export type RosterSheetResult = { ok: true; people: RosterRow[] } | { ok: false; errors: RowError[] }

export function readRoster(wb: Workbook, store: RosterStore): RosterSheetResult {
  const sheet = wb.sheets[0]
  const h = sheet ? mapHeader(sheet.rows, ROSTER_COLUMNS) : undefined
  if (!sheet || !h) return { ok: false, errors: [{ row: 1, column: '-', reason: '表格为空' }] }
  const { headerRow, index } = h
  if (index.name < 0) return { ok: false, errors: [{ row: headerRow + 1, column: '姓名', reason: `缺少必需的列（表头应包含：${ROSTER_HEADERS.join('、')}，其中“姓名”必填）` }] }
  if (sheet.rows.length - headerRow - 1 > MAX_ROWS) return { ok: false, errors: [{ row: 0, column: '-', reason: `行数超过 ${MAX_ROWS}，请分批导入` }] }
  const errors: RowError[] = []
  const people: RosterRow[] = []
  const keys = new Map<string, number>()
  const accounts = new Map<string, number>()
  let next = nextKeyNumber(store)
  for (let r = headerRow + 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] as Cell[]
    if (!row.some((c) => c.text.trim())) continue
    const rowNo = r + 1
    const text = (f: keyof typeof ROSTER_COLUMNS) => (index[f] >= 0 ? (row[index[f]]?.text ?? '').trim() : '')
    if ((Object.keys(ROSTER_COLUMNS) as Array<keyof typeof ROSTER_COLUMNS>).some((f) => index[f] >= 0 && row[index[f]]?.formula)) {
      errors.push({ row: rowNo, column: '-', reason: '含公式，请改为文字后再导入' })
      continue
    }
    const before = errors.length
    const roles = parseRoles(text('roles'))
    if (roles.unknown.length) errors.push({ row: rowNo, column: '角色', reason: `无法识别的角色：${roles.unknown.join('、').slice(0, 40)}。${ROLE_HELP}` })
    let key = text('key')
    if (!key) {
      const same = store.byName(text('name')).filter((p) => p.unit === text('unit'))
      if (same.length > 1) errors.push({ row: rowNo, column: '编号', reason: `名册中已有 ${same.length} 位同单位的“${text('name')}”（${same.map((p) => p.key).join('、')}），请填写编号` })
      key = same.length === 1 ? (same[0] as Person).key : `P${String(next++).padStart(4, '0')}`
    }
    const p = NewPersonSchema.safeParse({ key, name: text('name'), unit: text('unit'), roles: roles.roles })
    if (!p.success) for (const i of p.error.issues) errors.push({ row: rowNo, column: ({ key: '编号', name: '姓名', unit: '单位', roles: '角色' } as Record<string, string>)[String(i.path[0])] ?? '-', reason: i.message })
    const chatIds: RosterRow['chatIds'] = {}
    for (const ch of ['wechaty', 'wecom'] as const) {
      const id = text(ch)
      if (!id) continue
      if (id.length > 128 || /\s/.test(id)) {
        errors.push({ row: rowNo, column: ROSTER_COLUMNS[ch][0], reason: '账号不能含空格，最长 128 个字符' })
        continue
      }
      const seen = accounts.get(`${ch}:${id}`)
      const holder = store.db.prepare('SELECT person_key FROM chat_ids WHERE channel = ? AND chat_id = ?').get(ch, id) as { person_key: string } | undefined
      if (seen) errors.push({ row: rowNo, column: ROSTER_COLUMNS[ch][0], reason: `与第 ${seen} 行账号相同：一个账号只能对应一个人` })
      else if (holder && holder.person_key !== key) errors.push({ row: rowNo, column: ROSTER_COLUMNS[ch][0], reason: `该账号已绑定给人员 ${holder.person_key}` })
      accounts.set(`${ch}:${id}`, rowNo)
      chatIds[ch] = id
    }
    if (errors.length > before || !p.success) continue
    const dup = keys.get(p.data.key)
    if (dup) {
      errors.push({ row: rowNo, column: '编号', reason: `与第 ${dup} 行编号重复` })
      continue
    }
    keys.set(p.data.key, rowNo)
    people.push({ ...p.data, chatIds })
  }
  if (errors.length) return { ok: false, errors }
  if (!people.length) return { ok: false, errors: [{ row: headerRow + 2, column: '-', reason: '表头下没有数据行' }] }
  return { ok: true, people }
}

function nextKeyNumber(store: RosterStore): number {
  const r = store.db.prepare("SELECT MAX(CAST(SUBSTR(key, 2) AS INTEGER)) AS n FROM people WHERE key GLOB 'P[0-9]*'").get() as { n: number | null }
  return (r.n ?? 0) + 1
}

export function rosterSheet(people: Person[]): string[][] {
  return [[...ROSTER_HEADERS], ...people.map((p) => [p.key, p.name, p.unit, p.roles.length ? rolesText(p.roles) : '', p.chatIds.wechaty ?? '', p.chatIds.wecom ?? ''])]
}
