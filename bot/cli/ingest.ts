/**
 * npm run ingest -- <path>... [--rebuild] [--corpus <dir>]...
 *
 * Adds files or folders to the knowledge base and brings the index up to date; prints what was
 * added, changed, removed, cleaned, and every file that could not be read, with the reason.
 * Exit 0 when every file went in, 1 when some files were refused (the rest is indexed), 2 on
 * bad arguments.
 */
import { existsSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { loadConfig } from '../config.js'
import { UserError } from '../errors.js'
import { openKnowledge, registerDirs } from '../app.js'
import { parse, type Io, PROCESS_IO, isEntry, run } from './args.js'

const USAGE = 'npm run ingest -- <文件或文件夹>... [--rebuild] [--corpus <文件夹>]...'

export async function main(argv: string[], io: Io = PROCESS_IO): Promise<number | void> {
  const { values, positionals } = parse(argv, {
    rebuild: { type: 'boolean', default: false },
    corpus: { type: 'string', multiple: true },
    quiet: { type: 'boolean', default: false },
  }, USAGE)
  const corpus = values.corpus ?? []
  if (!positionals.length && !corpus.length && !values.rebuild) throw new UserError(`请给出要导入的文件或文件夹。\n用法：${USAGE}`)
  for (const p of [...positionals, ...corpus]) if (!existsSync(p)) throw new UserError(`路径不存在：${p}`)
  const config = loadConfig(io.env)
  if (positionals.length) registerDirs(config, positionals)
  const roots = corpus.length ? [...corpus, ...positionals] : undefined
  const kb = await openKnowledge(config, { corpus: roots, rebuild: values.rebuild, progress: (l) => io.stderr.write(`${l}\n`) })
  const r = kb.report
  const rel = (f: string) => relative(process.cwd(), resolve(f)) || f
  const out: string[] = []
  out.push(`知识库：${kb.roots.map(rel).join('、')}`)
  out.push(`索引：${rel(kb.indexDir)}${r.rebuilt ? '（全量构建）' : '（增量更新）'}，用时 ${(r.ms / 1000).toFixed(1)} 秒`)
  out.push(`文件 ${r.files} 个：新增 ${r.added.length}，更新 ${r.updated.length}，删除 ${r.removed.length}，未变 ${r.unchanged}`)
  out.push(`入库 ${r.counts.sources} 个来源：法规条文 ${r.counts.articles} 条，文件段落 ${r.counts.passages} 段`)
  if (r.duplicates.length) {
    out.push(`近似重复文件 ${r.duplicates.length} 个（未重复入库）：`)
    for (const [d, o] of r.duplicates.slice(0, 20)) out.push(`  ${d} ≈ ${o}`)
  }
  if (!values.quiet && r.fixes.length) {
    out.push(`清理 ${r.fixes.length} 个文件：`)
    for (const f of r.fixes.slice(0, 20)) out.push(`  ${rel(f.file)}：${f.fixes.join('；')}`)
    if (r.fixes.length > 20) out.push(`  ……另 ${r.fixes.length - 20} 个`)
  }
  const errors = r.problems.filter((p) => p.level === 'error')
  const warnings = r.problems.filter((p) => p.level === 'warning')
  for (const w of warnings) out.push(`提示 ${rel(w.file)}：${w.reason}`)
  for (const e of errors) out.push(`未入库 ${rel(e.file)}：${e.reason}`)
  if (errors.length) out.push(`${errors.length} 个文件未能入库，其余文件已入库。`)
  io.stdout.write(out.join('\n') + '\n')
  return errors.length ? 1 : 0
}

if (isEntry(import.meta.url)) run(main)
