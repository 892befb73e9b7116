/**
 * npm run rectify -- <命令>
 *
 *   import <文件.xlsx|.csv>         导入台账（逐行校验：全部成功才导入，否则逐行列出错误、一行不导入）；
 *                                   导出的文件（含状态、完成情况和历史记录）导回可恢复原状
 *   list [--mine 人员编号|--unit 单位|--overdue|--week]
 *   export <文件.xlsx|.csv>         导出台账和历史记录（.csv 时历史另存为 <文件>-历史.csv）
 *   nudges --at <时间>              列出该时刻应发出的提醒（只列出，不发送、不记录）
 *   outbox [--all]                  待发送、发送中和发送失败的提醒；outbox retry [键…] 让失败的提醒重新排队
 *   backup <文件>                   在线备份数据库（SQLite backup，运行中也可执行）
 *   check [文件]                    检查数据库（或备份文件）能否打开、结构与数据是否一致
 *
 * The ledger lives in <data>/ledger.sqlite.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { systemClock, fixedClock } from '../clock.js'
import { loadConfig } from '../config.js'
import { checkDatabase, openDatabase } from '../office/db.js'
import { UserError } from '../errors.js'
import { nudgeScheduler, openOffice } from '../office/office.js'
import { parseInstant } from '../office/rectification/deadlines.js'
import type { ListFilter } from '../office/rectification/ledger.js'
import { historyCsvName, ledgerSheets, readLedger } from '../office/rectification/sheet.js'
import { CLI_ACTOR } from '../office/roster/model.js'
import { formatErrors, readWorkbook, shanghaiDateTime, writeWorkbook } from '../office/sheets.js'
import { parse, type Io, PROCESS_IO, isEntry, run } from './args.js'

const USAGE = 'npm run rectify -- import <文件> | list [--mine 人员编号|--unit 单位|--overdue|--week] | export <文件> | nudges --at <时间> | outbox [--all | retry [键…]] | backup <文件> | check [文件]'

const readFile = (f: string) => {
  try {
    return readFileSync(f)
  } catch {
    throw new UserError(`无法读取文件：${f}`)
  }
}

/** Written beside and renamed: an interrupted write never leaves half a file under the name. */
const writeAtomic = (f: string, data: Uint8Array) => {
  writeFileSync(`${f}.tmp`, data, { mode: 0o600 })
  renameSync(`${f}.tmp`, f)
}

export async function main(argv: string[], io: Io = PROCESS_IO): Promise<number | void> {
  const { values, positionals } = parse(argv, {
    mine: { type: 'string' },
    unit: { type: 'string' },
    overdue: { type: 'boolean', default: false },
    week: { type: 'boolean', default: false },
    at: { type: 'string' },
    all: { type: 'boolean', default: false },
  }, USAGE)
  const [cmd, arg, ...more] = positionals
  if (!cmd) throw new UserError(`请给出命令。\n用法：${USAGE}`)
  const config = loadConfig(io.env)
  if (cmd === 'check' && arg) {
    if (!existsSync(arg)) throw new UserError(`文件不存在：${arg}`)
    const db = openDatabase(arg)
    try {
      const problems = checkDatabase(db)
      io.stdout.write(problems.length ? `检查未通过：\n${problems.map((p) => `  - ${p}`).join('\n')}\n` : `检查通过：${arg}\n`)
      return problems.length ? 1 : 0
    } finally {
      db.close()
    }
  }
  const clock = values.at ? fixedClock(parseInstant(values.at).toISOString()) : systemClock
  const office = openOffice(config, clock)
  const { ledger, roster, outbox } = office
  const store = ledger.store
  try {
    switch (cmd) {
      case 'import': {
        if (!arg) throw new UserError('请给出要导入的 .xlsx 或 .csv 文件。')
        const wb = readWorkbook(readFile(arg), arg)
        const companion = /\.csv$/i.test(arg) && existsSync(historyCsvName(arg)) ? readWorkbook(readFile(historyCsvName(arg)), historyCsvName(arg)).sheets[0] : undefined
        const r = readLedger(wb, { today: ledger.today(), nowIso: clock.now().toISOString(), roster, exists: (n) => !!store.byNumber(n) }, companion ? { ...companion, name: '历史记录' } : undefined)
        if (!r.ok) {
          io.stdout.write(formatErrors(r.errors) + '\n')
          return 1
        }
        const items = store.restore(r.items, r.history, CLI_ACTOR, clock.now().toISOString())
        roster.store.audit(CLI_ACTOR, clock.now().toISOString(), 'ledger-import', arg.split('/').pop() ?? arg, `${items.length} 项`)
        const restored = items.filter((i) => i.status !== '整改中').length
        io.stdout.write(`已导入 ${items.length} 项整改事项${restored ? `（其中 ${restored} 项按表中状态恢复）` : ''}${companion || r.history.size ? `，历史记录 ${[...r.history.values()].reduce((n, h) => n + h.length, 0)} 条` : ''}。\n`)
        return 0
      }
      case 'list': {
        const f: ListFilter = values.mine ? { kind: 'mine' } : values.unit ? { kind: 'unit', unit: values.unit } : values.overdue ? { kind: 'overdue' } : values.week ? { kind: 'week' } : { kind: 'all' }
        const actor = values.mine ? { key: values.mine, name: roster.nameOf(values.mine), roles: [], known: true } : CLI_ACTOR
        const items = values.mine ? store.ofPerson(values.mine).filter((i) => i.status !== '已销号') : ledger.list(f, actor)
        io.stdout.write(items.length ? items.map((i) => ledger.itemLine(i)).join('\n') + `\n共 ${items.length} 项\n` : '没有符合条件的整改事项。\n')
        return 0
      }
      case 'export': {
        if (!arg) throw new UserError('请给出导出文件名（.xlsx 或 .csv）。')
        const sheets = ledgerSheets(store.all(), (id) => store.history(id), { statusOf: (i) => ledger.statusOf(i), nameOf: (k) => roster.nameOf(k) })
        writeAtomic(arg, writeWorkbook(sheets, arg))
        if (/\.csv$/i.test(arg)) writeAtomic(historyCsvName(arg), writeWorkbook([sheets[1] as (typeof sheets)[number]], historyCsvName(arg)))
        roster.store.audit(CLI_ACTOR, clock.now().toISOString(), 'ledger-export', arg.split('/').pop() ?? arg, `${store.count()} 项`)
        io.stdout.write(`已导出 ${store.count()} 项到 ${arg}${/\.csv$/i.test(arg) ? `，历史记录在 ${historyCsvName(arg)}` : '（第二个工作表为历史记录）'}\n`)
        return 0
      }
      case 'nudges': {
        if (!values.at) throw new UserError('请用 --at 指定时间，例如：npm run rectify -- nudges --at 2026-11-23T09:30:00+08:00')
        const sched = nudgeScheduler(config, office)
        const t = clock.now()
        if (!sched.inWorkingHours(t)) {
          io.stdout.write('该时刻不在工作日的工作时间（北京时间 9:00—18:00），不发送提醒。\n')
          return 0
        }
        const plan = sched.plan(t)
        io.stdout.write(plan.length ? plan.map((o) => `→ ${roster.nameOf(o.recipient)}（${o.recipient}）\n${o.text}`).join('\n\n') + `\n共 ${plan.length} 条（仅列出，未发送）\n` : '该时刻没有需要发送的提醒。\n')
        return 0
      }
      case 'outbox': {
        if (arg === 'retry') {
          const n = outbox.retry(more.length ? more : 'all-failed', clock.now().toISOString())
          io.stdout.write(`已重新排队 ${n} 条提醒，将在下一次工作时间轮询时发送。\n`)
          return 0
        }
        if (arg) throw new UserError(`未知的 outbox 子命令 ${arg}。\n用法：npm run rectify -- outbox [--all] | outbox retry [键…]`)
        const rows = outbox.list(values.all ? ['pending', 'sending', 'sent', 'failed'] : ['pending', 'sending', 'failed'])
        const c = outbox.countBy()
        const STATE: Record<string, string> = { pending: '待发送', sending: '发送中', sent: '已发送', failed: '发送失败', folded: '已合并' }
        io.stdout.write(
          [
            `待发送 ${c.pending}，发送中 ${c.sending}，发送失败 ${c.failed}，已发送 ${c.sent}`,
            ...rows.map((r) => `${STATE[r.state]}｜${r.key}｜${roster.nameOf(r.recipient)}（${r.recipient}）｜已尝试 ${r.attempts} 次${r.nextAt && r.state === 'pending' ? `｜下次 ${shanghaiDateTime(r.nextAt)}` : ''}${r.lastError ? `｜${r.lastError}` : ''}`),
          ].join('\n') + '\n',
        )
        return 0
      }
      case 'backup': {
        if (!arg) throw new UserError('请给出备份文件名，例如：npm run rectify -- backup /备份/ledger-2026-12-02.sqlite')
        if (existsSync(arg)) throw new UserError(`文件已存在：${arg}。为免覆盖，请换一个文件名。`)
        await office.db.backup(arg)
        const copy = openDatabase(arg)
        const problems = checkDatabase(copy)
        copy.close()
        if (problems.length) throw new UserError(`备份已写出，但检查未通过：${problems.join('；')}`)
        io.stdout.write(`已备份到 ${arg}（检查通过）。恢复时：停止助手，把备份文件复制为 ${config.dataDir}/ledger.sqlite，再启动。\n`)
        return 0
      }
      case 'check': {
        const problems = checkDatabase(office.db)
        io.stdout.write(problems.length ? `检查未通过：\n${problems.map((p) => `  - ${p}`).join('\n')}\n` : `检查通过：${store.count()} 项整改事项，${roster.store.count()} 位人员。\n`)
        return problems.length ? 1 : 0
      }
      default:
        throw new UserError(`未知命令 ${cmd}。\n用法：${USAGE}`)
    }
  } finally {
    office.close()
  }
}

if (isEntry(import.meta.url)) run(main)
