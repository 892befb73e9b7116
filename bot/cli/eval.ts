/**
 * npm run eval -- --questions <file.jsonl> [--corpus <dir>]... [--k 10] [--quiet]
 *
 * Retrieval evaluation as ../shared/eval/PROTOCOL.md defines it: article-level ranking (document
 * passages are skipped), rank of the first relevant article within the top 10, hit@1/5/10, MRR,
 * p50/p95 retrieval time with the index loaded. A file without `relevant` fields is a no-answer
 * set and reports no_basis_rate. Prints a per-question table, then one final line of JSON.
 *
 * A question's own source document (`exclude_documents_from`) is kept out of its retrieval, so
 * that a practice article cannot vouch for the answer it was written from.
 */
import { loadConfig } from '../config.js'
import { UserError } from '../errors.js'
import { openKnowledge } from '../app.js'
import { parse, run } from './args.js'
import { bySource, percentile, rankMetrics, round } from './metrics.js'
import { type Question, readQuestions } from './questions.js'
import { articleIdOf as articleOf } from '../../rag/lookup.js'

const USAGE = 'npm run eval -- --questions <问题集.jsonl> [--corpus <文件夹>]... [--quiet]'

run(async () => {
  const { values } = parse(process.argv.slice(2), {
    questions: { type: 'string' },
    corpus: { type: 'string', multiple: true },
    quiet: { type: 'boolean', default: false },
  }, USAGE)
  if (!values.questions) throw new UserError(`请用 --questions 指定问题集。\n用法：${USAGE}`)
  const qs = readQuestions(values.questions)
  const config = loadConfig()
  const kb = await openKnowledge(config, { corpus: values.corpus, progress: (l) => process.stderr.write(`${l}\n`) })
  const labelled = qs.some((q) => q.relevant?.length)
  const times: number[] = []
  const rows: string[] = []
  const ranks: Array<{ q: Question; r: number }> = []
  let noBasis = 0
  for (const q of qs) {
    // Article-level ranking as the protocol says; a question whose relevant items are documents or
    // procedure cards (ids without #) is ranked over the documents and cards instead.
    const sourceLevel = (q.relevant ?? []).some((r) => !r.includes('#'))
    const filter = { kinds: [sourceLevel ? ('passage' as const) : ('article' as const)], excludeSources: q.exclude_documents_from ? [q.exclude_documents_from] : [] }
    const t0 = performance.now()
    const res = await kb.retriever.search(q.question, { k: 10, filter })
    times.push(performance.now() - t0)
    const keys = res.hits.filter((h) => h.unit.kind === (sourceLevel ? 'passage' : 'article')).map((h) => (h.unit.kind === 'article' ? articleOf(h.id) : h.unit.source))
    const list = [...new Set(keys)].slice(0, 10)
    const nb = kb.answerer.compose(q.question, res).kind === 'no-basis'
    if (nb) noBasis++
    if (labelled) {
      const rel = new Set((q.relevant ?? []).map(articleOf))
      const r = list.findIndex((id) => rel.has(id)) + 1 || Infinity
      ranks.push({ q, r })
      rows.push(`${q.id}\t${r === Infinity ? '-' : r}\t${nb ? 'no-basis' : ''}\t${list[0] ?? ''}\t${[...rel].join(',')}`)
    } else {
      rows.push(`${q.id}\t${nb ? 'no-basis' : 'answer'}\t${list[0] ?? ''}`)
    }
  }
  if (!values.quiet) {
    process.stdout.write(labelled ? 'id\trank\tnote\ttop1\trelevant\n' : 'id\toutcome\ttop1\n')
    process.stdout.write(rows.join('\n') + '\n')
  }
  const timing = { p50_ms: round(percentile(times, 50), 2), p95_ms: round(percentile(times, 95), 2) }
  if (!labelled) {
    process.stdout.write(JSON.stringify({ questions: qs.length, no_basis_rate: round(noBasis / qs.length), ...timing }) + '\n')
    return 0
  }
  const unlabeled = qs.filter((q) => !q.relevant?.length).length
  process.stdout.write(
    JSON.stringify({ ...rankMetrics(ranks), ...timing, no_basis_rate: round(noBasis / qs.length), ...(unlabeled ? { unlabeled } : {}), by_source: bySource(ranks.map((x) => ({ r: x.r, source: x.q.source }))) }) + '\n',
  )
  return 0
})

