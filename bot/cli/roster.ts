/**
 * npm run roster -- <命令>
 *
 *   import <文件.xlsx|.csv>     导入名册（编号、姓名、单位、角色、微信账号、企业微信账号；全部通过才导入）
 *   list [--unit 单位]          列出名册
 *   export <文件.xlsx|.csv>     导出名册
 *   template <文件.xlsx|.csv>   空白名册模板
 *   add --key 编号 --name 姓名 [--unit 单位] [--roles 角色] [--chat 通道:账号]…   添加或更新一人
 *   remove <编号>               移除（仍负责未销号事项时拒绝）
 *   code <编号>                 一次性绑定码：本人私聊助手发送“/绑定 绑定码”即绑定当前账号
 *   log                         最近的名册与台账操作记录
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { systemClock } from '../clock.js'
import { loadConfig } from '../config.js'
import { UserError } from '../errors.js'
import { openOffice } from '../office/office.js'
import { CHANNELS, CLI_ACTOR, type ChannelName, NewPersonSchema, ROLE_HELP, parseRoles, rolesText } from '../office/roster/model.js'
import { ROSTER_HEADERS, readRoster, rosterSheet } from '../office/roster/sheet.js'
import { formatErrors, readWorkbook, shanghaiDateTime, writeWorkbook } from '../office/sheets.js'
import { parse, type Io, PROCESS_IO, isEntry, run } from './args.js'

const USAGE = 'npm run roster -- import <文件> | list [--unit 单位] | export <文件> | template <文件> | add --key 编号 --name 姓名 [--unit 单位] [--roles 角色] [--chat wechaty:账号] | remove <编号> | code <编号> | log'

export async function main(argv: string[], io: Io = PROCESS_IO): Promise<number | void> {
  const { values, positionals } = parse(argv, {
    key: { type: 'string' },
    name: { type: 'string' },
    unit: { type: 'string' },
    roles: { type: 'string' },
    chat: { type: 'string', multiple: true },
  }, USAGE)
  const [cmd, arg] = positionals
  if (!cmd) throw new UserError(`请给出命令。\n用法：${USAGE}`)
  const config = loadConfig(io.env)
  const clock = systemClock
  const office = openOffice(config, clock)
  const store = office.roster.store
  const at = clock.now().toISOString()
  const write = (f: string, rows: string[][]) => {
    writeFileSync(`${f}.tmp`, writeWorkbook([{ name: '名册', rows }], f), { mode: 0o600 })
    renameSync(`${f}.tmp`, f)
  }
  try {
    switch (cmd) {
      case 'import': {
        if (!arg) throw new UserError('请给出要导入的 .xlsx 或 .csv 文件。')
        let buf: Buffer
        try {
          buf = readFileSync(arg)
        } catch {
          throw new UserError(`无法读取文件：${arg}`)
        }
        const r = readRoster(readWorkbook(buf, arg), store)
        if (!r.ok) {
          io.stdout.write(formatErrors(r.errors) + '\n')
          return 1
        }
        const n = store.upsert(r.people, CLI_ACTOR, at)
        io.stdout.write(`名册导入完成：新增 ${n.added} 人，更新 ${n.updated} 人，共 ${store.count()} 人。\n`)
        return 0
      }
      case 'list': {
        const people = store.list().filter((p) => !values.unit || p.unit.includes(values.unit))
        io.stdout.write(people.length ? people.map((p) => `${p.key}｜${p.name}｜${p.unit || '—'}｜${rolesText(p.roles)}｜${Object.entries(p.chatIds).map(([c, id]) => `${c}:${id}`).join(' ') || '未绑定账号'}`).join('\n') + `\n共 ${people.length} 人\n` : '名册为空。可用 npm run roster -- import <文件> 导入，或 npm run roster -- template <文件> 生成模板。\n')
        return 0
      }
      case 'export':
      case 'template': {
        if (!arg) throw new UserError('请给出文件名（.xlsx 或 .csv）。')
        write(arg, cmd === 'export' ? rosterSheet(store.list()) : [[...ROSTER_HEADERS], ['J001', '张三', '县纪委监委', '管理员', '', ''], ['J002', '李四', '县纪委监委', '督办', '', '']])
        io.stdout.write(cmd === 'export' ? `已导出 ${store.count()} 人到 ${arg}\n` : `模板已写到 ${arg}（示例行请替换为真实人员；${ROLE_HELP}）\n`)
        return 0
      }
      case 'add': {
        const roles = parseRoles(values.roles ?? '')
        if (roles.unknown.length) throw new UserError(`无法识别的角色：${roles.unknown.join('、')}。${ROLE_HELP}`)
        const p = NewPersonSchema.safeParse({ key: values.key ?? '', name: values.name ?? '', unit: values.unit ?? '', roles: roles.roles })
        if (!p.success) throw new UserError(`添加失败：${p.error.issues.map((i) => i.message).join('；')}\n用法：${USAGE}`)
        const chatIds: Partial<Record<ChannelName, string>> = {}
        for (const c of values.chat ?? []) {
          const m = /^([a-z]+):(\S{1,128})$/.exec(c)
          if (!m || !(CHANNELS as readonly string[]).includes(m[1] as string)) throw new UserError(`账号应写成 通道:账号，通道为 ${CHANNELS.join('、')} 之一，例如 --chat wechaty:wxid_abc123（收到“${c.slice(0, 40)}”）`)
          chatIds[m[1] as ChannelName] = m[2] as string
        }
        const n = store.upsert([{ ...p.data, chatIds }], CLI_ACTOR, at)
        io.stdout.write(`${n.added ? '已添加' : '已更新'}：${p.data.key}｜${p.data.name}｜${p.data.unit || '—'}｜${rolesText(p.data.roles)}\n`)
        return 0
      }
      case 'remove': {
        if (!arg) throw new UserError('请给出人员编号。')
        const p = store.remove(arg, CLI_ACTOR, at)
        io.stdout.write(`已移除 ${p.name}（${p.key}）；历史记录保留。\n`)
        return 0
      }
      case 'code': {
        if (!arg) throw new UserError('请给出人员编号。')
        const c = store.newBindCode(arg, CLI_ACTOR, clock.now())
        io.stdout.write(`${arg} 的绑定码：${c.code}（一次有效，截止 ${shanghaiDateTime(c.expiresAt)} 北京时间）。请本人私聊助手发送“/绑定 ${c.code}”。\n`)
        return 0
      }
      case 'log': {
        const rows = store.auditLog(100)
        io.stdout.write(rows.length ? rows.map((r) => `${shanghaiDateTime(r.at)}｜${r.actor}｜${r.action}｜${r.subject}｜${r.detail}`).join('\n') + '\n' : '还没有操作记录。\n')
        return 0
      }
      default:
        throw new UserError(`未知命令 ${cmd}。\n用法：${USAGE}`)
    }
  } finally {
    office.close()
  }
}

if (isEntry(import.meta.url)) run(main)
