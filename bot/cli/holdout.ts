/**
 * npm run holdout -- --raw <ccdi_ywtt_qa.jsonl> --dev <dev-retrieval.jsonl> --regulations <dir> [--out <file>]
 *
 * Builds a held-out practitioner question set from the raw CCDI Q&A file (../shared/eval) for
 * checking that ranking changes generalise beyond the dev set: every record not in the dev set
 * whose extracted citations name a target regulation present in <dir>. A record with a date is
 * labelled with the version in force then; an undated one with every version present (the
 * article number may belong to either). The output is written under data/ (never committed:
 * it holds third-party text) and is read by `npm run eval`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Catalog } from '../../rag/index.js'
import { PROJECT_ROOT } from '../config.js'
import { UserError } from '../errors.js'
import { parse, type Io, PROCESS_IO, isEntry, run } from './args.js'
import { buildHoldout } from './holdout-set.js'
import { readQuestions } from './questions.js'

const USAGE = 'npm run holdout -- --raw <ccdi_ywtt_qa.jsonl> --dev <dev-retrieval.jsonl> --regulations <法规文件夹> [--out <输出文件>]'

function readJsonLines(file: string): unknown[] {
  if (!existsSync(file)) throw new UserError(`找不到文件：${file}`)
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as unknown
      } catch {
        throw new UserError(`${file} 第 ${i + 1} 行不是有效的 JSON`)
      }
    })
}

export async function main(argv: string[], io: Io = PROCESS_IO): Promise<number | void> {
  const { values } = parse(argv, {
    raw: { type: 'string' },
    dev: { type: 'string' },
    regulations: { type: 'string' },
    out: { type: 'string', default: join(PROJECT_ROOT, 'data', 'eval', 'ccdi-holdout.jsonl') },
  }, USAGE)
  if (!values.raw || !values.dev || !values.regulations) throw new UserError(`缺少参数。\n用法：${USAGE}`)
  const regs = values.regulations
  if (!existsSync(regs)) throw new UserError(`找不到法规文件夹：${regs}`)
  const devIds = new Set(readQuestions(values.dev).map((q) => q.id))
  const catalog = Catalog.load(join(PROJECT_ROOT, 'regulations', 'catalog.json'))
  const qs = buildHoldout(readJsonLines(values.raw), devIds, catalog, (stem) => ['.md', '.txt', '.html', '.docx', '.pdf'].some((e) => existsSync(join(regs, stem + e))))
  if (!qs.length) throw new UserError('没有可用的题目：原始问题集中没有引用目标法规且不在开发集中的记录。')
  mkdirSync(dirname(values.out), { recursive: true })
  writeFileSync(values.out, qs.map((q) => JSON.stringify(q)).join('\n') + '\n')
  io.stdout.write(`已写出 ${qs.length} 题（有日期 ${qs.filter((q) => q.source === 'holdout-dated').length}，无日期 ${qs.filter((q) => q.source === 'holdout-undated').length}）：${values.out}\n`)
  return 0
}

if (isEntry(import.meta.url)) run(main)
