/**
 * npm run eval -- --questions <file.jsonl> [--corpus <dir>]... [--k 10] [--quiet]
 *
 * Retrieval evaluation as ../shared/eval/PROTOCOL.md defines it: article-level ranking (document
 * passages are skipped), rank of the first relevant article within the top 10, hit@1/5/10, MRR,
 * p50/p95 retrieval time with the index loaded. A file without `relevant` fields is a no-answer
 * set and reports no_basis_rate. `lead_hit`: of the labelled questions answered, the share whose first
 * line rests on a relevant article (the answer as the bot gives it, not the ranking). Prints a
 * per-question table, then one final line of JSON.
 *
 * A question's own source document (`exclude_documents_from`) is kept out of its retrieval, so
 * that a practice article cannot vouch for the answer it was written from.
 */
import { loadConfig } from '../config.js'
import { UserError } from '../errors.js'
import { openKnowledge } from '../app.js'
import { parse, type Io, PROCESS_IO, isEntry, run } from './args.js'
import { bySource, percentile, rankMetrics, round } from './metrics.js'
import { readQuestions } from './questions.js'
import { evaluate } from './evaluate.js'

const USAGE = 'npm run eval -- --questions <问题集.jsonl> [--corpus <文件夹>]... [--quiet]'

export async function main(argv: string[], io: Io = PROCESS_IO): Promise<number | void> {
  const { values } = parse(argv, {
    questions: { type: 'string' },
    corpus: { type: 'string', multiple: true },
    quiet: { type: 'boolean', default: false },
  }, USAGE)
  if (!values.questions) throw new UserError(`请用 --questions 指定问题集。\n用法：${USAGE}`)
  const qs = readQuestions(values.questions)
  const config = loadConfig(io.env)
  const kb = await openKnowledge(config, { corpus: values.corpus, progress: (l) => io.stderr.write(`${l}\n`) })
  const { labelled, times, rows, ranks, noBasis, answered, firstShort, weak, leadHit, leadAnswered } = await evaluate(kb.retriever, kb.answerer, qs)
  // Share of answered questions whose first message fits 300 characters, and of hedged answers.
  const replies = answered ? { first_le_300: round(firstShort / answered), weak_rate: round(weak / qs.length) } : {}
  if (!values.quiet) {
    io.stdout.write(labelled ? 'id\trank\tnote\ttop1\tlead\trelevant\n' : 'id\toutcome\ttop1\n')
    io.stdout.write(rows.join('\n') + '\n')
  }
  const timing = { p50_ms: round(percentile(times, 50), 2), p95_ms: round(percentile(times, 95), 2) }
  if (!labelled) {
    io.stdout.write(JSON.stringify({ questions: qs.length, no_basis_rate: round(noBasis / qs.length), ...replies, ...timing }) + '\n')
    return 0
  }
  const unlabeled = qs.filter((q) => !q.relevant?.length).length
  io.stdout.write(
    JSON.stringify({ ...rankMetrics(ranks), ...timing, no_basis_rate: round(noBasis / qs.length), ...replies, ...(leadAnswered ? { lead_hit: round(leadHit / leadAnswered) } : {}), ...(unlabeled ? { unlabeled } : {}), by_source: bySource(ranks.map((x) => ({ r: x.r, source: x.q.source }))) }) + '\n',
  )
  return 0
}

if (isEntry(import.meta.url)) run(main)
