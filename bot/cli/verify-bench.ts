/**
 * npm run bench:verify [-- <cases.jsonl>...]
 *
 * Prints the share of defective model sentences the checks of rag/answer/verify.ts catch and of faithful
 * ones they keep, on the crafted outputs of test/fixtures/model-outputs (bot/cli/verify-cases.ts).
 */
import { resolve } from 'node:path'
import { fixtureFiles, measure, readCases } from './verify-cases.js'
import { type Io, PROCESS_IO, isEntry, run } from './args.js'

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—')

export async function main(argv: string[], io: Io = PROCESS_IO): Promise<number | void> {
  const files = argv.length ? argv.map((a) => resolve(a)) : fixtureFiles()
  const f = measure(readCases(files))
  const lines = [
    `案例 ${f.cases} 个（${files.length} 个文件）`,
    `有缺陷的句子被拦下：${f.caught}/${f.defective}（${pct(f.caught, f.defective)}）`,
    `忠实的句子被保留：${f.kept}/${f.faithful}（${pct(f.kept, f.faithful)}）`,
    `忠实的回答整段通过：${f.wholeFaithfulKept}/${f.wholeFaithful}（${pct(f.wholeFaithfulKept, f.wholeFaithful)}）`,
    '按缺陷类型：',
    ...Object.entries(f.byDefect).sort().map(([k, v]) => `  ${k}: ${v.caught}/${v.n}`),
    ...(f.misses.length ? ['未判对的句子：', ...f.misses.map((m) => `  ${m.id} 应${m.expected === 'keep' ? '保留' : '拦下'}${m.defect ? `（${m.defect}）` : ''}${m.reason ? `，判为 ${m.reason} ${m.detail ?? ''}` : ''}：${m.text}`)] : []),
  ]
  io.stdout.write(lines.join('\n') + '\n')
  io.stdout.write(JSON.stringify({ cases: f.cases, defective: f.defective, caught: f.caught, faithful: f.faithful, kept: f.kept, wholeFaithful: f.wholeFaithful, wholeFaithfulKept: f.wholeFaithfulKept }) + '\n')
}

if (isEntry(import.meta.url)) run(main)
