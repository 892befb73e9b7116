/**
 * npm run knobs -- --questions <file.jsonl>... [--corpus <dir>]... [--only a,b]
 *
 * Re-measures every tuning knob of the retriever (rag/rank/tuning.ts): for each, the question sets are
 * run at the default, at half and double the value, and with the knob at 0, and the figures are
 * printed as a Markdown table (hit@1, hit@5, MRR and the answerable-but-no-basis rate per set,
 * changes against the defaults). rag/DESIGN.md keeps the table of the last run.
 */
import { DEFAULT_TUNING, type Tuning } from '../../rag/index.js'
import { loadConfig } from '../config.js'
import { UserError } from '../errors.js'
import { openKnowledge } from '../app.js'
import { parse, type Io, PROCESS_IO, isEntry, run } from './args.js'
import { evaluate } from './evaluate.js'
import { rankMetrics, round } from './metrics.js'
import { type Question, readQuestions } from './questions.js'

const USAGE = 'npm run knobs -- --questions <问题集.jsonl>... [--corpus <文件夹>]... [--only 旋钮1,旋钮2]'

/** Knobs that count things: their variants are whole numbers. */
const COUNTS = new Set<keyof Tuning>(['citedPassages', 'passageCitesPool', 'shortOutsideN', 'rrfK', 'catLenEnd', 'versionGap'])

function variants(name: keyof Tuning, v: number): number[] {
  const r = (x: number) => (COUNTS.has(name) ? Math.max(1, Math.round(x)) : round(x, 3))
  const out = [r(v / 2), r(v * 2)]
  // A length threshold of 0 or an RRF constant of 0 means nothing; every other knob at 0 is "off".
  if (name !== 'catLenEnd' && name !== 'rrfK' && v !== 0) out.unshift(0)
  return [...new Set(out)].filter((x) => x !== v)
}

export async function main(argv: string[], io: Io = PROCESS_IO): Promise<number | void> {
  const { values } = parse(argv, {
    questions: { type: 'string', multiple: true },
    corpus: { type: 'string', multiple: true },
    only: { type: 'string' },
  }, USAGE)
  if (!values.questions?.length) throw new UserError(`请用 --questions 指定至少一个问题集。\n用法：${USAGE}`)
  const sets = values.questions.map((f) => ({ name: f.replace(/^.*\//, '').replace(/\.jsonl$/, ''), qs: readQuestions(f) }))
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : undefined
  for (const k of only ?? []) if (!(k in DEFAULT_TUNING)) throw new UserError(`没有名为 ${k} 的旋钮。可选：${Object.keys(DEFAULT_TUNING).join('、')}`)
  const kb = await openKnowledge(loadConfig(io.env), { corpus: values.corpus, progress: (l) => io.stderr.write(`${l}\n`) })
  const measure = async (t: Partial<Tuning>) => {
    const { retriever: r, answerer: a } = kb.retuned(t)
    const raw: number[][] = []
    for (const s of sets) {
      const e = await evaluate(r, a, s.qs as Question[])
      const m = rankMetrics(e.ranks)
      raw.push([m['hit@1'], m['hit@5'], m.mrr, e.noBasis / (s.qs.length || 1)])
    }
    return { raw }
  }
  const base = await measure({})
  const cell = (x: number[], b?: number[]) =>
    x.map((v, i) => {
      const d = b ? v - (b[i] as number) : 0
      return `${v.toFixed(3)}${b && Math.abs(d) >= 0.0005 ? ` (${d > 0 ? '+' : ''}${d.toFixed(3)})` : ''}`
    }).join(' | ')
  const head = sets.map((s) => `${s.name} hit@1 | hit@5 | MRR | no-basis`).join(' | ')
  io.stdout.write(`| knob | value | ${head} |\n|---|---|${sets.map(() => '---|---|---|---|').join('')}\n`)
  io.stdout.write(`| (defaults) | | ${base.raw.map((x) => cell(x)).join(' | ')} |\n`)
  for (const name of Object.keys(DEFAULT_TUNING) as Array<keyof Tuning>) {
    if (only && !only.includes(name)) continue
    for (const v of variants(name, DEFAULT_TUNING[name])) {
      const m = await measure({ [name]: v })
      io.stdout.write(`| ${name} | ${v} (default ${DEFAULT_TUNING[name]}) | ${m.raw.map((x, i) => cell(x, base.raw[i])).join(' | ')} |\n`)
    }
  }
  return 0
}

if (isEntry(import.meta.url)) run(main)
