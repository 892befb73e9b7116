/**
 * Identity and rights. A message's sender is looked up by (channel, chat id), never by display
 * name: a contact that renames itself keeps exactly the rights it had, and two contacts with the
 * same name are two people. The first admin comes from configuration, by chat id.
 *
 * @example const who = roster.identify('wechaty', msg.from.id, msg.from.name); can(who, 'admin')
 */
import { UserError } from '../../errors.js'
import { type Actor, type ChannelName, type Person, type PersonKey, type Role, isAdmin } from './model.js'
import type { RosterStore } from './store.js'

/** A configured admin account: `wechaty:wxid_abc`, or a bare id that counts on every channel. */
export interface AdminId {
  channel?: ChannelName
  id: string
}

export function parseAdminId(raw: string): AdminId {
  const m = /^(wechaty|wecom|console):(.+)$/.exec(raw.trim())
  return m ? { channel: m[1] as ChannelName, id: (m[2] as string).trim() } : { id: raw.trim() }
}

export type Resolution = { ok: true; person: Person } | { ok: false; reason: string }

export class Roster {
  constructor(
    readonly store: RosterStore,
    private readonly adminIds: AdminId[] = [],
  ) {}

  private configuredAdmin(channel: ChannelName, chatId: string): boolean {
    return this.adminIds.some((a) => a.id === chatId && (!a.channel || a.channel === channel))
  }

  /** The actor behind a chat account: its roster entry, or a guest keyed by the account itself. */
  identify(channel: ChannelName, chatId: string, displayName: string): Actor {
    const p = this.store.byChatId(channel, chatId)
    const admin = this.configuredAdmin(channel, chatId)
    if (p) return { key: p.key, name: p.name, roles: admin && !p.roles.includes('admin') ? ['admin', ...p.roles] : p.roles, known: true }
    // A guest's key is derived from the account, not the name: renaming changes nothing.
    return { key: `guest:${channel}:${chatId}`, name: displayName || '未登记用户', roles: admin ? ['admin'] : [], known: admin }
  }

  get(key: string): Person | undefined {
    return this.store.get(key)
  }

  /** The chat id a person (or a configured admin's pseudo key) has on a channel. */
  chatIdOf(key: string, channel: ChannelName): string | undefined {
    const g = /^guest:([a-z]+):(.+)$/.exec(key)
    if (g) return g[1] === channel ? g[2] : undefined
    const p = this.store.get(key)
    return p?.active ? p.chatIds[channel] : undefined
  }

  nameOf(key: string): string {
    return this.store.get(key)?.name ?? (key.startsWith('guest:') ? '管理员' : key)
  }

  /** Everyone who gets admin notices on a channel: roster admins and configured admin accounts. */
  adminKeys(channel: ChannelName): string[] {
    const keys = this.store.withRole('admin').filter((p) => p.chatIds[channel]).map((p) => p.key as string)
    for (const a of this.adminIds) {
      if (a.channel && a.channel !== channel) continue
      const p = this.store.byChatId(channel, a.id)
      const key = p ? p.key : `guest:${channel}:${a.id}`
      if (!keys.includes(key)) keys.push(key)
    }
    return keys
  }

  /**
   * Finds the roster person a sheet or command means: a key, a name that is unique, "姓名（单位）",
   * or a name whose unit matches `unitHint`. Unknown and ambiguous names name the candidates.
   */
  resolve(raw: string, o: { unitHint?: string; role?: Role; label: string }): Resolution {
    const text = raw.trim()
    if (!text) return { ok: false, reason: `${o.label}不能为空` }
    const byKey = this.store.get(text)
    const check = (p: Person): Resolution => {
      if (!p.active) return { ok: false, reason: `${o.label}“${p.name}”（${p.key}）已从名册移除` }
      if (o.role && !p.roles.includes(o.role) && !p.roles.includes('admin')) return { ok: false, reason: `${o.label}“${p.name}”（${p.key}）在名册中没有“督办”角色，请先在名册中为其设置角色` }
      return { ok: true, person: p }
    }
    if (byKey) return check(byKey)
    const m = /^(.+?)\s*[（(]\s*(.+?)\s*[）)]$/.exec(text)
    const name = m ? (m[1] as string) : text
    const unit = m?.[2]
    const same = this.store.byName(name)
    const describe = (ps: Person[]) => ps.map((p) => `${p.key}（${p.unit || '未填单位'}）`).join('、')
    if (!same.length) return { ok: false, reason: `名册中没有“${name.slice(0, 20)}”，请先把此人加入名册，或填写人员编号` }
    if (unit) {
      const inUnit = same.filter((p) => p.unit === unit)
      if (inUnit.length === 1) return check(inUnit[0] as Person)
      return { ok: false, reason: inUnit.length ? `名册中“${name}（${unit}）”有 ${inUnit.length} 人：${describe(inUnit)}，请填写人员编号` : `名册中没有单位为“${unit}”的“${name}”，名册中的同名人员：${describe(same)}` }
    }
    if (same.length === 1) return check(same[0] as Person)
    const inHint = o.unitHint ? same.filter((p) => p.unit === o.unitHint) : []
    if (inHint.length === 1) return check(inHint[0] as Person)
    return { ok: false, reason: `名册中有 ${same.length} 位“${name}”：${describe(same)}，请写成“姓名（单位）”或填写人员编号` }
  }

  /** Like `resolve`, but a failure is a UserError (for chat commands). */
  require(raw: string, o: { unitHint?: string; role?: Role; label: string }): Person {
    const r = this.resolve(raw, o)
    if (!r.ok) throw new UserError(`${r.reason}。`)
    return r.person
  }

  static requireAdmin(a: Actor, what: string): void {
    if (!isAdmin(a)) throw new UserError(`只有管理员可以${what}。`)
  }
}

export type { PersonKey }
