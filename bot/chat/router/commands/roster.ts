/**
 * The roster in chat (private only).
 *
 *   /我是谁                                   your roster entry, or your account id to give an admin
 *   /绑定 绑定码                              bind this chat account to your roster entry
 *   /名册 列表 [单位]                         (管理员)
 *   /名册 添加 编号｜姓名｜单位｜角色          (管理员; adds or updates)
 *   /名册 角色 编号 角色,角色                 (管理员)
 *   /名册 删除 编号                           (管理员)
 *   /名册 绑定码 编号                         (管理员) a one-time code the person sends with /绑定
 */
import type { Clock } from '../../../clock.js'
import { UserError } from '../../../errors.js'
import { CHANNEL_LABELS, NewPersonSchema, ROLE_HELP, parseRoles, rolesText } from '../../../office/roster/model.js'
import { Roster } from '../../../office/roster/roster.js'
import type { Handler } from '../compose.js'
import type { RouterDeps } from '../deps.js'

export const ROSTER_HELP = [
  '名册用法（仅限管理员、仅限私聊）：',
  '/名册 列表 [单位]',
  '/名册 添加 编号｜姓名｜单位｜角色（已有编号则更新）',
  `/名册 角色 编号 角色（${ROLE_HELP}）`,
  '/名册 删除 编号',
  '/名册 绑定码 编号 —— 生成一次性绑定码，交给本人私聊发送“/绑定 绑定码”',
].join('\n')

const privateOnly = (room: unknown) => {
  if (room) throw new UserError('名册和账号绑定只在私聊中使用。')
}

export const whoAmI = (d: RouterDeps): Handler => async (ctx) => {
  ctx.outcome = 'command:我是谁'
  privateOnly(ctx.msg.room)
  const p = d.roster.store.byChatId(d.channelName, ctx.msg.from.id)
  if (p) {
    await ctx.reply(`您在名册中：${p.name}（${p.unit || '未填单位'}），人员编号 ${p.key}，角色：${rolesText(ctx.actor.roles)}。`)
    return
  }
  await ctx.reply(
    [
      `您还不在名册中${ctx.actor.roles.length ? `（配置中的管理员账号，角色：${rolesText(ctx.actor.roles)}）` : ''}。`,
      `您的${CHANNEL_LABELS[d.channelName]}账号：${ctx.msg.from.id}`,
      '请把上面的账号发给管理员登记，或向管理员索取绑定码后发送“/绑定 绑定码”。',
    ].join('\n'),
  )
}

export const bind = (d: RouterDeps & { clock: Clock }, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:绑定'
  privateOnly(ctx.msg.room)
  const code = args.trim()
  if (!/^\d{8}$/.test(code)) throw new UserError('请这样输入：/绑定 12345678（8 位数字绑定码，向管理员索取）')
  const p = d.roster.store.redeemBindCode(code, d.channelName, ctx.msg.from.id, d.clock.now())
  await ctx.reply(`绑定成功：${p.name}（${p.unit || '未填单位'}），人员编号 ${p.key}，角色：${rolesText(p.roles)}。`)
}

export const roster = (d: RouterDeps & { clock: Clock }, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:名册'
  privateOnly(ctx.msg.room)
  Roster.requireAdmin(ctx.actor, '管理名册')
  const store = d.roster.store
  const at = d.clock.now().toISOString()
  const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(args)
  const sub = m?.[1] ?? ''
  const rest = (m?.[2] ?? '').trim()
  switch (sub) {
    case '列表': {
      const people = store.list().filter((p) => !rest || p.unit.includes(rest))
      await ctx.reply(people.length ? [`名册（${people.length} 人）：`, ...people.slice(0, 50).map((p) => `${p.key}｜${p.name}｜${p.unit || '—'}｜${rolesText(p.roles)}｜${Object.keys(p.chatIds).length ? '已绑定' : '未绑定'}`), ...(people.length > 50 ? [`……另有 ${people.length - 50} 人，请用 npm run roster -- list 查看`] : [])].join('\n') : '名册中没有符合条件的人员。')
      return
    }
    case '添加': {
      const f = rest.split(/[｜|]/).map((s) => s.trim())
      if (f.length < 3 || f.length > 4) throw new UserError(`添加需要 3 或 4 项，用“｜”分隔：编号｜姓名｜单位｜角色（收到 ${f.length} 项）。`)
      const roles = parseRoles(f[3] ?? '')
      if (roles.unknown.length) throw new UserError(`无法识别的角色：${roles.unknown.join('、').slice(0, 40)}。${ROLE_HELP}`)
      const p = NewPersonSchema.safeParse({ key: f[0], name: f[1], unit: f[2], roles: roles.roles })
      if (!p.success) throw new UserError(`添加失败：${p.error.issues.map((i) => i.message).join('；')}`)
      const r = store.upsert([p.data], ctx.actor, at)
      await ctx.reply(`${r.added ? '已添加' : '已更新'}：${p.data.key}｜${p.data.name}｜${p.data.unit || '—'}｜${rolesText(p.data.roles)}。可发送“/名册 绑定码 ${p.data.key}”生成绑定码。`)
      return
    }
    case '角色': {
      const [key, ...words] = rest.split(/\s+/)
      if (!key) throw new UserError(`请这样输入：/名册 角色 编号 角色（${ROLE_HELP}）`)
      const roles = parseRoles(words.join(' '))
      if (roles.unknown.length) throw new UserError(`无法识别的角色：${roles.unknown.join('、').slice(0, 40)}。${ROLE_HELP}`)
      if (key === ctx.personKey && !roles.roles.includes('admin')) throw new UserError('不能取消自己的管理员角色，请由另一位管理员操作。')
      store.setRoles(key, roles.roles, ctx.actor, at)
      await ctx.reply(`已设置 ${key} 的角色：${rolesText(roles.roles)}。`)
      return
    }
    case '删除': {
      if (!rest) throw new UserError('请这样输入：/名册 删除 编号')
      if (rest === ctx.personKey) throw new UserError('不能删除自己，请由另一位管理员操作。')
      const p = store.remove(rest, ctx.actor, at)
      await ctx.reply(`已从名册移除 ${p.name}（${p.key}），其账号绑定已解除；历史记录保留。`)
      return
    }
    case '绑定码': {
      if (!rest) throw new UserError('请这样输入：/名册 绑定码 编号')
      const c = store.newBindCode(rest, ctx.actor, d.clock.now())
      await ctx.reply(`${rest} 的绑定码：${c.code}（一次有效，72 小时内使用）。请当面或通过可靠途径交给本人，由本人私聊助手发送“/绑定 ${c.code}”。`)
      return
    }
    default:
      await ctx.reply(ROSTER_HELP)
  }
}
