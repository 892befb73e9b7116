/**
 * npm run quiz -- <command>
 *
 *   check [--corpus 文件夹]            核对全部题库（内置、导入、按法规生成），列出未通过核对或依据已被取代的题目
 *   generate [--corpus 文件夹]         按法规统计生成的题目：候选数、保留数、各项核对淘汰的比例
 *   import <文件> --name 题库名 [--corpus 文件夹]   导入题库（格式全部正确才导入），随后逐条核对并报告
 *   template <文件>                    生成题库模板（.xlsx 或 .csv）
 *   list                               列出最近的测验和培训问答记录（编号、群、时间）
 *   report <测验编号> <文件.xlsx>        导出测验报告：成绩、逐题正确率、最难的题、参加者错题本到期情况
 *   training <记录编号> <文件.xlsx>      导出培训问答记录
 *   banks                              列出已导入的题库
 *   remove <题库名>                    删除一个导入的题库
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { openKnowledge } from '../app.js'
import { loadConfig } from '../config.js'
import { UserError } from '../errors.js'
import { openOffice } from '../office/office.js'
import { loadBuiltinItems } from '../office/quiz/bank.js'
import { BUILTIN_QUIZ_DIR, quizParts } from '../office/quiz/index.js'
import { bankSummary, generationTable, quizReport, quizReportSheets, trainingSheets } from '../office/quiz/report.js'
import { PracticeBook } from '../office/quiz/practice.js'
import { QuizStore } from '../office/quiz/store.js'
import { TrainingLog } from '../office/quiz/training.js'
import { systemClock } from '../clock.js'
import { quizRows, readQuizSheet } from '../office/quiz/sheet.js'
import { formatErrors, readWorkbook, shanghaiDateTime, writeWorkbook } from '../office/sheets.js'
import { parse, type Io, PROCESS_IO, isEntry, run } from './args.js'

const USAGE = 'npm run quiz -- check | generate | import <文件> --name 题库名 | template <文件> | list | report <测验编号> <文件> | training <记录编号> <文件> | banks | remove <题库名>  [--corpus 文件夹]'

export async function main(argv: string[], io: Io = PROCESS_IO): Promise<number | void> {
  const { values, positionals } = parse(argv, {
    corpus: { type: 'string', multiple: true },
    name: { type: 'string' },
  }, USAGE)
  const [cmd, arg, arg2] = positionals
  if (!cmd) throw new UserError(`请给出命令。\n用法：${USAGE}`)
  const config = loadConfig(io.env)
  if (cmd === 'template') {
    if (!arg) throw new UserError('请给出模板文件名（.xlsx 或 .csv）。')
    // Four built-in items, one of each type, as examples.
    const all = loadBuiltinItems(BUILTIN_QUIZ_DIR)
    const examples = (['single', 'multiple', 'judge', 'fill'] as const).flatMap((t) => all.filter((i) => i.type === t).slice(0, 1)).map((i) => ({ ...i, id: '' }))
    const rows = quizRows(examples, (b) => b)
    writeFileSync(`${arg}.tmp`, writeWorkbook([{ name: '题库', rows }], arg))
    renameSync(`${arg}.tmp`, arg)
    io.stdout.write(`已生成模板：${arg}（示例 ${examples.length} 题，可删去后填写自己的题目；依据可写《监察法》第四十八条）\n`)
    return 0
  }
  const office = openOffice(config)
  try {
    const write = (f: string | undefined, sheets: Array<{ name: string; rows: string[][] }>) => {
      if (!f) throw new UserError('请给出导出文件名（.xlsx 或 .csv）。')
      // Reports hold names and scores: owner-only, like the ledger's exports.
      writeFileSync(`${f}.tmp`, writeWorkbook(sheets, f), { mode: 0o600 })
      renameSync(`${f}.tmp`, f)
      io.stdout.write(`已导出：${f}\n`)
    }
    const idOf = (s: string | undefined, what: string) => {
      const n = Number(s)
      if (!s || !Number.isInteger(n) || n <= 0) throw new UserError(`请给出${what}编号（正整数）。\n用法：${USAGE}`)
      return n
    }
    if (cmd === 'list') {
      const quizzes = new QuizStore(office.db).latest(20)
      const sessions = office.db.prepare('SELECT id, room_topic, started_at, ended_at FROM training_sessions ORDER BY id DESC LIMIT 20').all() as Array<{ id: number; room_topic: string; started_at: string; ended_at: string | null }>
      io.stdout.write([
        quizzes.length ? '测验：' : '还没有测验。',
        ...quizzes.map((q) => `  ${q.id}｜${q.title}｜${q.roomTopic || q.roomId}｜${shanghaiDateTime(q.createdAt)}｜${q.state === 'finished' ? '已结束' : q.state === 'paused' ? '暂停中' : '进行中'}｜${q.total} 题`),
        sessions.length ? '培训问答记录：' : '还没有培训问答记录。',
        ...sessions.map((s) => `  ${s.id}｜${s.room_topic}｜${shanghaiDateTime(s.started_at)}｜${s.ended_at ? '已结束' : '进行中'}`),
      ].join('\n') + '\n')
      return 0
    }
    if (cmd === 'report') {
      write(arg2, quizReportSheets(quizReport(new QuizStore(office.db), idOf(arg, '测验'), new PracticeBook(office.db, { clock: systemClock }), new Date())))
      return 0
    }
    if (cmd === 'training') {
      write(arg2, trainingSheets(new TrainingLog(office.db, systemClock, config.channel), idOf(arg, '培训问答记录')))
      return 0
    }
    if (cmd === 'banks') {
      const banks = new QuizStore(office.db).banks()
      io.stdout.write(banks.length ? banks.map((b) => `${b.bank}：${b.items} 题（导入于 ${b.importedAt.slice(0, 16).replace('T', ' ')}）`).join('\n') + '\n' : '还没有导入的题库。\n')
      return 0
    }
    if (cmd === 'remove') {
      if (!arg) throw new UserError('请给出要删除的题库名。')
      const n = new QuizStore(office.db).removeBank(arg)
      if (!n) throw new UserError(`没有名为“${arg}”的题库。`)
      io.stdout.write(`已删除题库“${arg}”（${n} 题）。\n`)
      return 0
    }
    const kb = await openKnowledge(config, { corpus: values.corpus, progress: (l) => io.stderr.write(`${l}\n`) })
    const parts = quizParts(office.db, kb.library, kb.retriever)
    switch (cmd) {
      case 'check':
        io.stdout.write(bankSummary(parts.bank()) + '\n')
        return 0
      case 'generate':
        io.stdout.write(generationTable(parts.bank()) + '\n')
        return 0
      case 'import': {
        if (!arg) throw new UserError('请给出要导入的 .xlsx 或 .csv 文件。')
        const name = values.name?.trim()
        if (!name || name.length > 30 || name === '内置' || name === '法规生成') throw new UserError('请用 --name 给题库起名（30 字以内，不能用“内置”“法规生成”）。')
        let buf: Buffer
        try {
          buf = readFileSync(arg)
        } catch {
          throw new UserError(`无法读取文件：${arg}`)
        }
        const resolve = (text: string) => {
          const r = kb.retriever.lookup(/第.+条|\d+$/.test(text) ? text : `${text}第1条`)
          return r?.unit !== undefined ? (kb.library.units[r.unit]?.id as string) : undefined
        }
        const r = readQuizSheet(readWorkbook(buf, arg), name, resolve)
        if (!r.ok) {
          io.stdout.write(formatErrors(r.errors) + '\n')
          return 1
        }
        parts.store.saveBank(name, r.items, 'cli', new Date().toISOString())
        io.stdout.write(`已导入题库“${name}”：${r.items.length} 题。逐条核对结果：\n${bankSummary(parts.bank(), (i) => i.bank === name, 500)}\n`)
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
