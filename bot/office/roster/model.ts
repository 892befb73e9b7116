/**
 * The roster: the people the bot knows. Identity is a key the office assigns (a staff number or
 * any stable code), never a display name: WeChat and WeCom nicknames are chosen by their owners
 * and are not unique. Each person has chat ids per channel, a unit and roles.
 */
import { z } from 'zod'

export type PersonKey = string & { readonly __brand: 'PersonKey' }

export const ROLES = ['admin', 'supervisor', 'secretary', 'trainer', 'expert'] as const
export type Role = (typeof ROLES)[number]

/** What each role may do, in the words shown to users. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  supervisor: '督办',
  secretary: '书记/巡察办',
  trainer: '培训',
  expert: '专家',
}

const ROLE_WORDS: Record<string, Role> = {
  admin: 'admin', 管理员: 'admin', 管理: 'admin',
  supervisor: 'supervisor', 督办: 'supervisor', 督办人: 'supervisor',
  secretary: 'secretary', 书记: 'secretary', 巡察办: 'secretary', '书记/巡察办': 'secretary', 查阅: 'secretary',
  trainer: 'trainer', 培训: 'trainer', 培训师: 'trainer', 教员: 'trainer',
  expert: 'expert', 专家: 'expert',
}

export const ROLE_HELP = `角色可写：${[...new Set(Object.values(ROLE_LABELS))].join('、')}（多个用逗号或顿号分隔，可留空）`

/** Parses "督办、培训" or "admin,trainer"; unknown words are reported, not dropped. */
export function parseRoles(raw: string): { roles: Role[]; unknown: string[] } {
  const roles = new Set<Role>()
  const unknown: string[] = []
  for (const w of raw.split(/[,，、;；\s]+/).map((s) => s.trim()).filter(Boolean)) {
    const r = ROLE_WORDS[w.toLowerCase()] ?? ROLE_WORDS[w]
    if (r) roles.add(r)
    else unknown.push(w)
  }
  return { roles: ROLES.filter((r) => roles.has(r)), unknown }
}

export const rolesText = (roles: readonly Role[]) => (roles.length ? roles.map((r) => ROLE_LABELS[r]).join('、') : '—')

/** Channels a person can be reached on. `console` is the local terminal (for trying things out). */
export const CHANNELS = ['wechaty', 'wecom', 'console'] as const
export type ChannelName = (typeof CHANNELS)[number]
export const CHANNEL_LABELS: Record<ChannelName, string> = { wechaty: '微信', wecom: '企业微信', console: '控制台' }

export const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/
export const PersonKeySchema = z
  .string()
  .trim()
  .regex(KEY_RE, '人员编号只能用字母、数字、点、横线和下划线，以字母或数字开头，最多 40 个字符')
  .transform((s) => s as PersonKey)

export const NewPersonSchema = z.object({
  key: PersonKeySchema,
  name: z.string().trim().min(1, '姓名不能为空').max(40, '姓名过长（最多 40 字）').regex(/^[^｜|,，\n（）()]*$/, '姓名不能含竖线、逗号或括号'),
  unit: z.string().trim().max(100, '单位过长（最多 100 字）').default(''),
  roles: z.array(z.enum(ROLES)).default([]),
})
export type NewPerson = z.infer<typeof NewPersonSchema>

export interface Person extends NewPerson {
  active: boolean
  /** Chat ids by channel. */
  chatIds: Partial<Record<ChannelName, string>>
  createdAt: string
  updatedAt: string
}

/**
 * Who is acting: a roster person, a configured first admin not yet on the roster, the command
 * line (the operator of the machine) or the system (the scheduler).
 */
export interface Actor {
  key: string
  name: string
  roles: readonly Role[]
  /** False for someone the roster does not know. */
  known: boolean
}

export const SYSTEM_ACTOR: Actor = { key: 'system', name: '系统', roles: [], known: true }
export const CLI_ACTOR: Actor = { key: 'cli', name: '命令行', roles: ['admin'], known: true }

export const can = (a: Actor, role: Role) => a.roles.includes(role)
export const isAdmin = (a: Actor) => can(a, 'admin')

/** The account id of the person at the terminal (the machine's operator): an admin of the console channel. */
export const CONSOLE_OPERATOR = 'local'
