/**
 * The roster in SQLite (same database as the ledger). Every change is an audit row with who, when
 * and what; removed people are deactivated, never deleted (the ledger's history names them).
 */
import { createHash, randomInt } from 'node:crypto'
import { type Db, type Statement, statementCache } from '../db.js'
import { UserError } from '../../errors.js'
import { type Actor, CHANNELS, type ChannelName, type NewPerson, type Person, type PersonKey, ROLES, type Role } from './model.js'

interface PersonRow {
  key: string
  name: string
  unit: string
  roles: string
  active: number
  created_at: string
  updated_at: string
}

const BIND_CODE_HOURS = 72

export class RosterStore {
  private readonly q: (sql: string) => Statement
  constructor(readonly db: Db) {
    this.q = statementCache(db)
  }

  private toPerson(r: PersonRow): Person {
    const chatIds: Person['chatIds'] = {}
    for (const c of this.q('SELECT channel, chat_id FROM chat_ids WHERE person_key = ?').all(r.key) as Array<{ channel: ChannelName; chat_id: string }>) chatIds[c.channel] = c.chat_id
    const roles = r.roles.split(',').filter((x): x is Role => (ROLES as readonly string[]).includes(x))
    return { key: r.key as PersonKey, name: r.name, unit: r.unit, roles, active: r.active === 1, chatIds, createdAt: r.created_at, updatedAt: r.updated_at }
  }

  audit(actor: Actor, at: string, action: string, subject: string, detail: string): void {
    this.q('INSERT INTO audit (at, actor_key, actor_name, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)').run(at, actor.key, actor.name, action, subject, detail)
  }

  auditLog(limit = 100): Array<{ at: string; actor: string; action: string; subject: string; detail: string }> {
    return (this.q('SELECT at, actor_name AS actor, action, subject, detail FROM audit ORDER BY id DESC LIMIT ?').all(limit) as Array<{ at: string; actor: string; action: string; subject: string; detail: string }>)
  }

  get(key: string): Person | undefined {
    const r = this.q('SELECT * FROM people WHERE key = ?').get(key) as PersonRow | undefined
    return r ? this.toPerson(r) : undefined
  }

  /** Active people, by unit then name. */
  list(): Person[] {
    return (this.q('SELECT * FROM people WHERE active = 1 ORDER BY unit, name, key').all() as PersonRow[]).map((r) => this.toPerson(r))
  }

  byName(name: string): Person[] {
    return (this.q('SELECT * FROM people WHERE name = ? AND active = 1 ORDER BY key').all(name) as PersonRow[]).map((r) => this.toPerson(r))
  }

  byChatId(channel: ChannelName, chatId: string): Person | undefined {
    const r = this.q('SELECT p.* FROM chat_ids c JOIN people p ON p.key = c.person_key WHERE c.channel = ? AND c.chat_id = ? AND p.active = 1').get(channel, chatId) as PersonRow | undefined
    return r ? this.toPerson(r) : undefined
  }

  withRole(role: Role): Person[] {
    return this.list().filter((p) => p.roles.includes(role))
  }

  count(): number {
    return (this.q('SELECT COUNT(*) AS n FROM people WHERE active = 1').get() as { n: number }).n
  }

  /**
   * Adds or updates people in one transaction (all or none). A chat id already bound to someone
   * else is refused: one account is one person.
   */
  upsert(people: Array<NewPerson & { chatIds?: Partial<Record<ChannelName, string>> }>, actor: Actor, at: string): { added: number; updated: number } {
    let added = 0
    let updated = 0
    this.db.transaction(() => {
      for (const p of people) {
        const old = this.get(p.key)
        if (old) {
          const changes: string[] = []
          if (old.name !== p.name) changes.push(`姓名 ${old.name}→${p.name}`)
          if (old.unit !== p.unit) changes.push(`单位 ${old.unit || '—'}→${p.unit || '—'}`)
          if (old.roles.join(',') !== p.roles.join(',')) changes.push(`角色 ${old.roles.join(',') || '—'}→${p.roles.join(',') || '—'}`)
          if (!old.active) changes.push('重新启用')
          this.q('UPDATE people SET name = ?, unit = ?, roles = ?, active = 1, updated_at = ? WHERE key = ?').run(p.name, p.unit, p.roles.join(','), at, p.key)
          if (changes.length) {
            this.audit(actor, at, 'update', p.key, changes.join('；'))
            updated++
          }
        } else {
          this.q('INSERT INTO people (key, name, unit, roles, active, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)').run(p.key, p.name, p.unit, p.roles.join(','), at, at)
          this.audit(actor, at, 'add', p.key, `${p.name}（${p.unit || '—'}）`)
          added++
        }
        for (const [channel, id] of Object.entries(p.chatIds ?? {}) as Array<[ChannelName, string]>) if (id) this.bind(p.key, channel, id, actor, at)
      }
    })()
    return { added, updated }
  }

  /** Binds a chat id to a person (replacing their earlier id on that channel). */
  bind(key: string, channel: ChannelName, chatId: string, actor: Actor, at: string): void {
    if (!(CHANNELS as readonly string[]).includes(channel)) throw new UserError(`未知通道“${channel}”，应为 ${CHANNELS.join('、')} 之一。`)
    const holder = this.q('SELECT person_key FROM chat_ids WHERE channel = ? AND chat_id = ?').get(channel, chatId) as { person_key: string } | undefined
    if (holder && holder.person_key !== key) throw new UserError(`该账号已绑定给人员 ${holder.person_key}，一个账号只能对应一个人。请先解除原绑定。`)
    if (holder) return
    this.db.transaction(() => {
      this.q('DELETE FROM chat_ids WHERE person_key = ? AND channel = ?').run(key, channel)
      this.q('INSERT INTO chat_ids (channel, chat_id, person_key, bound_at) VALUES (?, ?, ?, ?)').run(channel, chatId, key, at)
      this.audit(actor, at, 'bind', key, channel)
    })()
  }

  unbind(key: string, channel: ChannelName, actor: Actor, at: string): boolean {
    const r = this.q('DELETE FROM chat_ids WHERE person_key = ? AND channel = ?').run(key, channel)
    if (r.changes) this.audit(actor, at, 'unbind', key, channel)
    return r.changes > 0
  }

  setRoles(key: string, roles: Role[], actor: Actor, at: string): void {
    const p = this.get(key)
    if (!p?.active) throw new UserError(`名册中没有人员编号“${key.slice(0, 40)}”。`)
    this.db.transaction(() => {
      this.q('UPDATE people SET roles = ?, updated_at = ? WHERE key = ?').run(roles.join(','), at, key)
      this.audit(actor, at, 'roles', key, `${p.roles.join(',') || '—'}→${roles.join(',') || '—'}`)
    })()
  }

  /**
   * Deactivates a person and unbinds their chat ids. Refused while they own or supervise an open
   * item: the item would lose the person it reminds.
   */
  remove(key: string, actor: Actor, at: string): Person {
    const p = this.get(key)
    if (!p?.active) throw new UserError(`名册中没有人员编号“${key.slice(0, 40)}”。`)
    const open = this.q("SELECT number FROM items WHERE (owner_key = ? OR supervisor_key = ?) AND status IN ('整改中', '逾期', '已完成待销号') ORDER BY number").all(key, key) as Array<{ number: string }>
    if (open.length) throw new UserError(`${p.name}（${p.key}）仍是 ${open.length} 项未销号整改事项的责任人或督办人（${open.slice(0, 5).map((o) => o.number).join('、')}${open.length > 5 ? '…' : ''}），请先调整这些事项再移除。`)
    this.db.transaction(() => {
      this.q('UPDATE people SET active = 0, updated_at = ? WHERE key = ?').run(at, key)
      this.q('DELETE FROM chat_ids WHERE person_key = ?').run(key)
      this.audit(actor, at, 'remove', key, p.name)
    })()
    return p
  }

  /** A one-time binding code for a person (shown once; only its hash is kept). */
  newBindCode(key: string, actor: Actor, now: Date): { code: string; expiresAt: string } {
    const p = this.get(key)
    if (!p?.active) throw new UserError(`名册中没有人员编号“${key.slice(0, 40)}”。`)
    const code = String(randomInt(10_000_000, 100_000_000))
    const expiresAt = new Date(now.getTime() + BIND_CODE_HOURS * 3_600_000).toISOString()
    this.q('INSERT INTO bind_codes (code_hash, person_key, created_by, expires_at) VALUES (?, ?, ?, ?)').run(hashCode(code), key, actor.key, expiresAt)
    this.audit(actor, now.toISOString(), 'bind-code', key, `有效至 ${expiresAt}`)
    return { code, expiresAt }
  }

  /** Uses a binding code: binds the sender's chat id to the code's person. */
  redeemBindCode(code: string, channel: ChannelName, chatId: string, now: Date): Person {
    const row = this.q('SELECT person_key, expires_at, used_at FROM bind_codes WHERE code_hash = ?').get(hashCode(code.trim())) as { person_key: string; expires_at: string; used_at: string | null } | undefined
    if (!row || row.used_at) throw new UserError('绑定码无效或已使用。请向管理员重新获取。')
    if (row.expires_at < now.toISOString()) throw new UserError('绑定码已过期。请向管理员重新获取。')
    const p = this.get(row.person_key)
    if (!p?.active) throw new UserError('绑定码对应的人员已不在名册中。')
    const at = now.toISOString()
    this.db.transaction(() => {
      this.bind(p.key, channel, chatId, { key: p.key, name: p.name, roles: p.roles, known: true }, at)
      this.q('UPDATE bind_codes SET used_at = ? WHERE code_hash = ?').run(at, hashCode(code.trim()))
    })()
    return this.get(p.key) as Person
  }
}

const hashCode = (code: string) => createHash('sha256').update(`bind:${code}`).digest('hex')
