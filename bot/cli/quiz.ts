/**
 * npm run quiz -- <command>
 *
 *   check [--corpus 文件夹]            核对全部题库（内置、导入、按法规生成），列出未通过核对或依据已被取代的题目
 *   generate [--corpus 文件夹]         按法规统计生成的题目：候选数、保留数、各项核对淘汰的比例
 *   import <文件> --name 题库名 [--corpus 文件夹]   导入题库（格式全部正确才导入），随后逐条核对并报告
 *   template <文件>                    生成题库模板（.xlsx 或 .csv）
 *   banks                              列出已导入的题库
 *   remove <题库名>                    删除一个导入的题库
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { openKnowledge } from '../app.js'
import { loadConfig } from '../config.js'
import { UserError } from '../errors.js'
import { openOffice } from '../office.js'
import { loadBuiltinItems } from '../quiz/bank.js'
import { BUILTIN_QUIZ_DIR, quizParts } from '../quiz/index.js'
import { bankSummary, generationTable } from '../quiz/report.js'
import { quizRows, readQuizSheet } from '../quiz/sheet.js'
import { formatErrors, readWorkbook, writeWorkbook } from '../sheets.js'
import { parse, run } from './args.js'

const USAGE = 'npm run quiz -- check | generate | import <文件> --name 题库名 | template <文件> | banks | remove <题库名>  [--corpus 文件夹]'

run(async () => {
  const { values, positionals } = parse(process.argv.slice(2), {
    corpus: { type: 'string', multiple: true },
    name: { type: 'string' },
  }, USAGE)
  const [cmd, arg] = positionals
  if (!cmd) throw new UserError(`请给出命令。\n用法：${USAGE}`)
  const config = loadConfig()
  if (cmd === 'template') {
    if (!arg) throw new UserError('请给出模板文件名（.xlsx 或 .csv）。')
    // Four built-in items, one of each type, as examples.
    const all = loadBuiltinItems(BUILTIN_QUIZ_DIR)
    const examples = (['single', 'multiple', 'judge', 'fill'] as const).flatMap((t) => all.filter((i) => i.type === t).slice(0, 1)).map((i) => ({ ...i, id: '' }))
    const rows = quizRows(examples, (b) => b)
    writeFileSync(`${arg}.tmp`, writeWorkbook([{ name: '题库', rows }], arg))
    renameSync(`${arg}.tmp`, arg)
    process.stdout.write(`已生成模板：${arg}（示例 ${examples.length} 题，可删去后填写自己的题目；依据可写《监察法》第四十八条）\n`)
    return 0
  }
  const office = openOffice(config)
  try {
    if (cmd === 'banks') {
      const { QuizStore } = await import('../quiz/store.js')
      const banks = new QuizStore(office.db).banks()
      process.stdout.write(banks.length ? banks.map((b) => `${b.bank}：${b.items} 题（导入于 ${b.importedAt.slice(0, 16).replace('T', ' ')}）`).join('\n') + '\n' : '还没有导入的题库。\n')
      return 0
    }
    if (cmd === 'remove') {
      if (!arg) throw new UserError('请给出要删除的题库名。')
      const { QuizStore } = await import('../quiz/store.js')
      const n = new QuizStore(office.db).removeBank(arg)
      if (!n) throw new UserError(`没有名为“${arg}”的题库。`)
      process.stdout.write(`已删除题库“${arg}”（${n} 题）。\n`)
      return 0
    }
    const kb = await openKnowledge(config, { corpus: values.corpus, progress: (l) => process.stderr.write(`${l}\n`) })
    const parts = quizParts(office.db, kb.index, kb.retriever)
    switch (cmd) {
      case 'check':
        process.stdout.write(bankSummary(parts.bank()) + '\n')
        return 0
      case 'generate':
        process.stdout.write(generationTable(parts.bank()) + '\n')
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
          return r?.unit !== undefined ? (kb.index.units[r.unit]?.id as string) : undefined
        }
        const r = readQuizSheet(readWorkbook(buf, arg), name, resolve)
        if (!r.ok) {
          process.stdout.write(formatErrors(r.errors) + '\n')
          return 1
        }
        parts.store.saveBank(name, r.items, 'cli', new Date().toISOString())
        process.stdout.write(`已导入题库“${name}”：${r.items.length} 题。逐条核对结果：\n${bankSummary(parts.bank(), (i) => i.bank === name, 500)}\n`)
        return 0
      }
      default:
        throw new UserError(`未知命令 ${cmd}。\n用法：${USAGE}`)
    }
  } finally {
    office.close()
  }
})
