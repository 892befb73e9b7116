/**
 * /整改 —— the rectification ledger in chat. Private chat only: items describe problems found by
 * inspections and are not posted in groups. Who may see and do what is decided by the roster
 * (see bot/office/rectification/ledger.ts), never by a display name.
 *
 *   /整改 新建 编号｜问题描述｜来源｜责任单位｜责任人｜督办人｜期限   (管理员)
 *   /整改 列表 [我的|单位 名称|逾期|本周]
 *   /整改 详情 编号
 *   /整改 完成 编号 整改情况                                      (责任人)
 *   /整改 销号 编号 [说明]                                        (督办人或管理员)
 *   /整改 延期 编号 新期限 理由                                   (管理员)
 */
import { UserError } from '../../../errors.js'
import type { Ledger, ListFilter } from '../../../office/rectification/ledger.js'
import { ACTION_LABELS } from '../../../office/rectification/model.js'
import { changesText } from '../../../office/rectification/sheet.js'
import type { Handler } from '../compose.js'

export const RECTIFY_HELP = [
  '整改台账用法（仅限私聊）：',
  '/整改 新建 编号｜问题描述｜来源｜责任单位｜责任人｜督办人｜期限（期限可写 2026-12-31 或 2个月、15个工作日；重名时写“姓名（单位）”或人员编号）',
  '/整改 列表 [我的｜单位 名称｜逾期｜本周]',
  '/整改 详情 编号',
  '/整改 完成 编号 整改情况',
  '/整改 销号 编号 [说明]',
  '/整改 延期 编号 新期限 理由',
].join('\n')

export const PRIVATE_ONLY = '整改台账涉及巡视巡察发现的问题，只在私聊中使用。请私聊助手发送“/整改 列表”。'

export const rectify = (ledger: Ledger | undefined, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:整改'
  if (!ledger) throw new UserError('整改台账未启用。')
  if (ctx.msg.room) throw new UserError(PRIVATE_ONLY)
  const actor = ctx.actor
  const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(args)
  const sub = m?.[1] ?? ''
  const rest = (m?.[2] ?? '').trim()
  switch (sub) {
    case '新建': {
      const f = rest.split(/[｜|]/).map((s) => s.trim())
      if (f.length !== 7) throw new UserError(`新建需要 7 项，用“｜”分隔（收到 ${f.length} 项）。\n${RECTIFY_HELP}`)
      const [number, problem, source, unit, owner, supervisor, deadline] = f as [string, string, string, string, string, string, string]
      const r = ledger.create({ number, problem, source, unit, owner, supervisor, deadline }, actor)
      const name = (k: string) => ledger.roster.nameOf(k)
      await ctx.reply([`已新建 ${r.item.number}，期限 ${r.item.deadline}，责任人 ${name(r.item.ownerKey)}，督办人 ${name(r.item.supervisorKey)}。`, ...r.notes.map((n) => `注意：${n}。`)].join('\n'))
      return
    }
    case '列表': {
      const f: ListFilter = !rest ? { kind: 'all' } : rest === '我的' ? { kind: 'mine' } : rest === '逾期' ? { kind: 'overdue' } : rest === '本周' ? { kind: 'week' } : rest.startsWith('单位') ? { kind: 'unit', unit: rest.replace(/^单位\s*/, '') } : (() => {
        throw new UserError(`列表可按“我的”“逾期”“本周”或“单位 名称”筛选。\n${RECTIFY_HELP}`)
      })()
      const items = ledger.list(f, actor)
      await ctx.reply(items.length ? [`整改事项（${items.length} 项）：`, ...items.slice(0, 30).map((i) => ledger.itemLine(i)), ...(items.length > 30 ? [`……另有 ${items.length - 30} 项，请用命令行导出查看`] : [])].join('\n') : '没有符合条件的整改事项。')
      return
    }
    case '详情': {
      if (!rest) throw new UserError('请这样输入：/整改 详情 编号')
      const i = ledger.get(rest, actor)
      const h = ledger.store.history(i.id)
      const name = (k: string) => ledger.roster.nameOf(k)
      await ctx.reply([
        `${i.number}（${ledger.statusOf(i)}）`,
        `问题：${i.problem}`,
        `来源：${i.source || '—'}`,
        `责任单位：${i.unit}；责任人：${name(i.ownerKey)}；督办人：${name(i.supervisorKey)}`,
        `整改期限：${i.deadline}`,
        ...(i.completion ? [`完成情况：${i.completion}`] : []),
        '记录：',
        ...h.map((e) => `  ${e.at.slice(0, 16).replace('T', ' ')} ${e.actorName} ${ACTION_LABELS[e.action] ?? e.action}${Object.keys(e.changes).length ? ` ${changesText(e.changes)}` : ''}${e.note ? `：${e.note}` : ''}`),
      ].join('\n'))
      return
    }
    case '完成': {
      const [num, ...note] = rest.split(/\s+/)
      if (!num) throw new UserError('请这样输入：/整改 完成 编号 整改情况')
      const i = ledger.done(num, note.join(' '), actor)
      await ctx.reply(`已记录：${i.number} 整改完成，等待督办人 ${ledger.roster.nameOf(i.supervisorKey)} 销号。`)
      return
    }
    case '销号': {
      const [num, ...note] = rest.split(/\s+/)
      if (!num) throw new UserError('请这样输入：/整改 销号 编号 [说明]')
      const i = ledger.close(num, note.join(' '), actor)
      await ctx.reply(`已销号：${i.number}。`)
      return
    }
    case '延期': {
      const [num, deadline, ...reason] = rest.split(/\s+/)
      if (!num || !deadline) throw new UserError('请这样输入：/整改 延期 编号 新期限 理由')
      const r = ledger.extend(num, deadline, reason.join(' '), actor)
      await ctx.reply([`已延期：${r.item.number} 新期限 ${r.item.deadline}（原因已记录）。`, ...r.notes.map((n) => `注意：${n}。`)].join('\n'))
      return
    }
    default:
      await ctx.reply(RECTIFY_HELP)
  }
}
