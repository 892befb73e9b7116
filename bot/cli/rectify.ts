/**
 * npm run rectify -- <命令>
 *
 *   import <文件.xlsx|.csv>         导入台账（逐行校验：全部成功才导入，否则逐行列出错误、一行不导入）
 *   list [--mine 姓名|--unit 单位|--overdue|--week]
 *   export <文件.xlsx|.csv>         导出台账
 *   nudges --at <ISO 时间>          列出该时刻应发出的提醒（只列出，不发送、不记录）
 *
 * The ledger lives in <data>/ledger.sqlite.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fixedClock, systemClock } from '../clock.js'
import { loadConfig } from '../config.js'
import { UserError } from '../errors.js'
import { HOLIDAY_OVERRIDE_FILE } from '../main.js'
import { createCalendar } from '../rectification/calendar.js'
import { Ledger, type ListFilter, itemLine } from '../rectification/ledger.js'
import { NudgeScheduler } from '../rectification/scheduler.js'
import { formatErrors, itemsToRows, readSheet, writeSheet } from '../rectification/sheet.js'
import { LedgerStore } from '../rectification/store.js'
import { parse, run } from './args.js'

const USAGE = 'npm run rectify -- import <文件> | list [--mine 姓名|--unit 单位|--overdue|--week] | export <文件> | nudges --at <ISO时间>'
const CLI_ACTOR = { name: '命令行', admin: true }

run(async () => {
  const { values, positionals } = parse(process.argv.slice(2), {
    mine: { type: 'string' },
    unit: { type: 'string' },
    overdue: { type: 'boolean', default: false },
    week: { type: 'boolean', default: false },
    at: { type: 'string' },
  }, USAGE)
  const [cmd, arg] = positionals
  if (!cmd) throw new UserError(`请给出命令。\n用法：${USAGE}`)
  const config = loadConfig()
  let clock = systemClock
  if (values.at) {
    const t = new Date(values.at)
    if (Number.isNaN(t.getTime())) throw new UserError(`无法识别时间“${values.at}”，请用 ISO 格式，例如 2026-11-23T09:30:00+08:00`)
    clock = fixedClock(t.toISOString())
  }
  const calendar = createCalendar({ overrideFile: HOLIDAY_OVERRIDE_FILE })
  const store = new LedgerStore(join(config.dataDir, 'ledger.sqlite'))
  const ledger = new Ledger(store, calendar, clock)
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
        const r = readSheet(buf, arg, ledger.today(), (n) => !!store.byNumber(n))
        if (!r.ok) {
          process.stdout.write(formatErrors(r.errors) + '\n')
          return 1
        }
        const items = ledger.import(r.items, CLI_ACTOR)
        process.stdout.write(`已导入 ${items.length} 项整改事项。\n`)
        return 0
      }
      case 'list': {
        const f: ListFilter = values.mine ? { kind: 'mine', name: values.mine } : values.unit ? { kind: 'unit', unit: values.unit } : values.overdue ? { kind: 'overdue' } : values.week ? { kind: 'week' } : { kind: 'all' }
        const items = ledger.list(f)
        process.stdout.write(items.length ? items.map((i) => itemLine(i, ledger.statusOf(i))).join('\n') + `\n共 ${items.length} 项\n` : '没有符合条件的整改事项。\n')
        return 0
      }
      case 'export': {
        if (!arg) throw new UserError('请给出导出文件名（.xlsx 或 .csv）。')
        const data = writeSheet(itemsToRows(store.all(), (i) => ledger.statusOf(i)), arg)
        // Written beside and renamed: an interrupted export never leaves half a file under the name.
        writeFileSync(`${arg}.tmp`, data)
        renameSync(`${arg}.tmp`, arg)
        process.stdout.write(`已导出 ${store.all().length} 项到 ${arg}\n`)
        return 0
      }
      case 'nudges': {
        if (!values.at) throw new UserError('请用 --at 指定时间，例如：npm run rectify -- nudges --at 2026-11-23T09:30:00+08:00')
        const sched = new NudgeScheduler(ledger, calendar)
        const t = clock.now()
        if (!sched.inWorkingHours(t)) {
          process.stdout.write('该时刻不在工作日的工作时间（北京时间 9:00—18:00），不发送提醒。\n')
          return 0
        }
        const plan = sched.plan(t)
        process.stdout.write(plan.length ? plan.map((o) => `→ ${o.recipient}\n${o.text}`).join('\n\n') + `\n共 ${plan.length} 条（仅列出，未发送）\n` : '该时刻没有需要发送的提醒。\n')
        return 0
      }
      default:
        throw new UserError(`未知命令 ${cmd}。\n用法：${USAGE}`)
    }
  } finally {
    store.close()
  }
})
