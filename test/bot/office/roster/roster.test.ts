import { strToU8 } from 'fflate'
import { describe, expect, it } from 'vitest'
import { CLI_ACTOR, parseRoles } from '../../../../bot/office/roster/model.js'
import { parseAdminId } from '../../../../bot/office/roster/roster.js'
import { readRoster } from '../../../../bot/office/roster/sheet.js'
import { readWorkbook } from '../../../../bot/office/sheets.js'
import { ADMIN, item, ledgerFixture , pk } from '../../../helpers/ledger.js'

describe('identity', () => {
  it('is the chat account, not the display name: a renamed contact keeps exactly its rights', () => {
    const f = ledgerFixture()
    expect(f.roster.identify('wechaty', 'wx-li', '李书记')).toMatchObject({ key: 'A01', roles: ['admin', 'supervisor'] })
    expect(f.roster.identify('wechaty', 'wx-li', '随便改的昵称')).toMatchObject({ key: 'A01', roles: ['admin', 'supervisor'] })
    // Someone who renames themselves to the admin's name is still a guest without rights.
    expect(f.roster.identify('wechaty', 'wx-evil', '李书记')).toMatchObject({ key: 'guest:wechaty:wx-evil', roles: [], known: false })
    // The same account id on another channel is another account.
    expect(f.roster.identify('wecom', 'wx-li', '李书记').roles).toEqual([])
  })

  it('two contacts with the same name are two people', () => {
    const f = ledgerFixture()
    f.roster.store.upsert([{ key: pk('W02'), name: '王科长', unit: '县教育局', roles: [], chatIds: { wechaty: 'wx-wang2' } }], CLI_ACTOR, 't')
    expect(f.roster.identify('wechaty', 'wx-wang', '王科长').key).toBe('W01')
    expect(f.roster.identify('wechaty', 'wx-wang2', '王科长').key).toBe('W02')
  })

  it('takes the first admin from configuration by account id, on one channel or all', () => {
    const f = ledgerFixture('2026-11-02T01:00:00Z', ':memory:', [parseAdminId('wechaty:wx-boss'), parseAdminId('any-id')])
    expect(f.roster.identify('wechaty', 'wx-boss', '老板').roles).toEqual(['admin'])
    expect(f.roster.identify('wecom', 'wx-boss', '老板').roles).toEqual([])
    expect(f.roster.identify('wecom', 'any-id', 'x').roles).toEqual(['admin'])
    expect(f.roster.adminKeys('wechaty')).toEqual(['A01', 'guest:wechaty:wx-boss', 'guest:wechaty:any-id'])
  })
})

describe('roster store', () => {
  it('refuses to give one account to two people, and keeps an audit trail', () => {
    const f = ledgerFixture()
    expect(() => f.roster.store.upsert([{ key: pk('N01'), name: '新人', unit: '', roles: [], chatIds: { wechaty: 'wx-li' } }], CLI_ACTOR, 't')).toThrow(/已绑定给人员 A01/)
    expect(f.roster.store.get('N01')).toBeUndefined() // all or nothing
    f.roster.store.setRoles('W01', ['trainer'], CLI_ACTOR, 't2')
    expect(f.roster.store.auditLog(1)[0]).toMatchObject({ action: 'roles', subject: 'W01', detail: '—→trainer' })
  })

  it('will not remove someone who still owns an open item; removing keeps their history and drops their accounts', () => {
    const f = ledgerFixture()
    f.ledger.create(item(), ADMIN)
    expect(() => f.roster.store.remove('W01', CLI_ACTOR, 't')).toThrow(/仍是 1 项未销号整改事项的责任人或督办人（XC-01）/)
    f.roster.store.remove('L01', CLI_ACTOR, 't')
    expect(f.roster.identify('wechaty', 'wx-lu', '路人甲').known).toBe(false)
    expect(f.roster.store.get('L01')?.active).toBe(false)
  })

  it('binds an account with a one-time code that expires', () => {
    const f = ledgerFixture()
    f.roster.store.upsert([{ key: pk('N01'), name: '新人', unit: '县审计局', roles: [] }], CLI_ACTOR, 't')
    const now = new Date('2026-11-02T01:00:00Z')
    const { code } = f.roster.store.newBindCode('N01', CLI_ACTOR, now)
    expect(f.roster.store.redeemBindCode(code, 'wechaty', 'wx-new', now).chatIds).toEqual({ wechaty: 'wx-new' })
    expect(() => f.roster.store.redeemBindCode(code, 'wechaty', 'wx-other', now)).toThrow(/无效或已使用/)
    const late = f.roster.store.newBindCode('N01', CLI_ACTOR, now).code
    expect(() => f.roster.store.redeemBindCode(late, 'wechaty', 'wx-new2', new Date('2026-11-06T01:00:00Z'))).toThrow(/已过期/)
    expect(() => f.roster.store.redeemBindCode('00000000', 'wechaty', 'x', now)).toThrow(/无效/)
  })

  it('reads role words in Chinese or English and reports unknown ones', () => {
    expect(parseRoles('督办、培训师, admin')).toEqual({ roles: ['admin', 'supervisor', 'trainer'], unknown: [] })
    expect(parseRoles('巡察办 老大')).toEqual({ roles: ['secretary'], unknown: ['老大'] })
  })
})

describe('roster sheet import', () => {
  const read = (text: string, f = ledgerFixture()) => readRoster(readWorkbook(strToU8(text), 'r.csv'), f.roster.store)

  it('imports keys, names, units, roles and accounts; a row without key gets the next free one', () => {
    const r = read('编号,姓名,单位,角色,微信账号\nJ01,孙科长,县审计局,督办,wx-sun\n,钱干事,县审计局,,')
    expect(r.ok && r.people).toEqual([
      { key: pk('J01'), name: '孙科长', unit: '县审计局', roles: ['supervisor'], chatIds: { wechaty: 'wx-sun' } },
      { key: pk('P0001'), name: '钱干事', unit: '县审计局', roles: [], chatIds: {} },
    ])
  })

  it('lists every bad row and imports nothing', () => {
    const r = read('编号,姓名,单位,角色,微信账号\nJ01,孙科长,县审计局,老大,wx-sun\nJ02,,县审计局,,\nJ 03,钱干事,,,\nJ04,周干事,,,wx-li\nJ05,吴干事,,,wx-a\nJ06,郑干事,,,wx-a\nJ05,重复,,,')
    expect(!r.ok && r.errors.map((e) => [e.row, e.column])).toEqual([[2, '角色'], [3, '姓名'], [4, '编号'], [5, '微信账号'], [7, '微信账号'], [8, '编号']])
    expect(!r.ok && r.errors[3]?.reason).toMatch(/已绑定给人员 A01/)
  })

  it('requires a 姓名 column and refuses empty sheets', () => {
    expect(!read('编号,单位\nJ1,x').ok).toBe(true)
    expect(read('编号,姓名').ok).toBe(false)
  })
})
