/**
 * npm run bench [-- --corpus <dir>... --questions <file.jsonl>]
 *
 * Measures, on this machine, in one run:
 *  1. a full index build from scratch (child process: wall time and its peak RSS);
 *  2. loading the persisted index (this process, fresh);
 *  3. question latency (retrieval + answer) p50/p95 over the question set, and peak RSS;
 *  4. quality (hit@1/5/10, MRR) of this engine and of a plain BM25 baseline (MiniSearch with a
 *     character-bigram tokenizer) over the same units and the same questions.
 * Defaults: ../shared/corpus and ../shared/eval/dev-retrieval.jsonl beside the checkout.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import MiniSearch from 'minisearch'
import { PROJECT_ROOT, loadConfig } from '../config.js'
import { UserError } from '../errors.js'
import { openKnowledge } from '../app.js'
import type { Channel, ChatTarget } from '../chat/channels/types.js'
import { createLogger } from '../log.js'
import { hasher } from '../hash.js'
import { createRouter } from '../chat/router/index.js'
import { Sessions } from '../chat/router/sessions.js'
import { fixedClock, systemClock } from '../clock.js'
import { nudgeScheduler, openOffice } from '../office/office.js'
import { readLedger } from '../office/rectification/sheet.js'
import { CLI_ACTOR, type PersonKey } from '../office/roster/model.js'
import { readWorkbook, writeWorkbook } from '../office/sheets.js'
import { parse, type Io, PROCESS_IO, isEntry, run } from './args.js'
import { type Ranked, bySource, percentile as pct, rankMetrics } from './metrics.js'
import { readQuestions } from './questions.js'
import { articleIdOf as articleOf } from '../../rag/index.js'

const USAGE = 'npm run bench [-- --corpus <文件夹>... --questions <问题集.jsonl>]'
const SHARED = resolve(PROJECT_ROOT, '..', 'shared')

const mb = (kb: number) => Math.round(kb / 1024)
const r2 = (x: number) => Math.round(x * 100) / 100

export async function main(argv: string[], io: Io = PROCESS_IO): Promise<number | void> {
  const { values } = parse(argv, {
    corpus: { type: 'string', multiple: true },
    questions: { type: 'string' },
    phase: { type: 'string' },
    data: { type: 'string' },
  }, USAGE)
  const corpus = values.corpus ?? [join(SHARED, 'corpus')]
  for (const c of corpus) if (!existsSync(c)) throw new UserError(`语料目录不存在：${c}（可用 --corpus 指定）`)

  // Child phase: the rectification ledger with 10,000 items: import of a 10,000-row sheet, the
  // first tick of a day (records and sends what is due), a tick with nothing due, a next-day tick.
  if (values.phase === 'ledger') {
    const dir = mkdtempSync(join(tmpdir(), 'jjzs-ledger-'))
    try {
      const clock = fixedClock('2026-11-02T01:00:00Z')
      const config = { ...loadConfig(io.env), dataDir: dir }
      const office = openOffice(config, clock)
      const people = [
        ...Array.from({ length: 400 }, (_, i) => ({ key: `O${i}` as PersonKey, name: `责任人${i}`, unit: `单位${i % 50}`, roles: [] as [], chatIds: { wechaty: `wx-o${i}` } })),
        ...Array.from({ length: 20 }, (_, i) => ({ key: `S${i}` as PersonKey, name: `督办人${i}`, unit: '县纪委', roles: ['supervisor' as const], chatIds: { wechaty: `wx-s${i}` } })),
      ]
      office.roster.store.upsert(people, CLI_ACTOR, clock.now().toISOString())
      const rows = [['编号', '问题描述', '来源', '责任单位', '责任人', '督办人', '整改期限']]
      for (let i = 0; i < 10_000; i++) rows.push([`XC-${i}`, `第${i}项问题：制度执行不到位，整改措施需逐项落实`, '巡察反馈', `单位${i % 50}`, `责任人${i % 400}`, `督办人${i % 20}`, `2026-${String(11 + (i % 2)).padStart(2, '0')}-${String(3 + (i % 26)).padStart(2, '0')}`])
      const sheet = writeWorkbook([{ name: '整改台账', rows }], 'bench.xlsx')
      const t0 = performance.now()
      const r = readLedger(readWorkbook(sheet, 'bench.xlsx'), { today: office.ledger.today(), nowIso: clock.now().toISOString(), roster: office.roster, exists: (n) => !!office.ledger.store.byNumber(n) })
      if (!r.ok) throw new Error(`bench sheet invalid: ${JSON.stringify(r.errors.slice(0, 3))}`)
      office.ledger.store.restore(r.items, r.history, CLI_ACTOR, clock.now().toISOString())
      const importMs = performance.now() - t0
      const sched = nudgeScheduler(config, office)
      let sent = 0
      const deliver = async () => {
        sent++
      }
      const tick = async (iso: string) => {
        clock.set(iso)
        const t = performance.now()
        const res = await sched.tick(() => clock.now(), deliver, 'wechaty')
        return { ms: performance.now() - t, sent: res.sent.length }
      }
      const first = await tick('2026-11-20T02:00:00Z')
      const idle = await tick('2026-11-20T03:00:00Z')
      const next = await tick('2026-11-23T02:00:00Z')
      office.close()
      io.stdout.write(JSON.stringify({ importMs, tickMs: first.ms, sent: first.sent, idleTickMs: idle.ms, idleSent: idle.sent, nextDayTickMs: next.ms, nextDaySent: next.sent, total: sent, rssKb: process.resourceUsage().maxRSS, sheetKb: Math.round(sheet.length / 1024) }) + '\n')
      return 0
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  // Child phase: build the index from scratch and report time and peak memory.
  if (values.phase === 'build') {
    const config = { ...loadConfig(io.env), dataDir: values.data as string, logLevel: 'silent' as const }
    const t0 = performance.now()
    const kb = await openKnowledge(config, { corpus, rebuild: true })
    const ms = performance.now() - t0
    io.stdout.write(JSON.stringify({ ms, rssKb: process.resourceUsage().maxRSS, counts: kb.report.counts }) + '\n')
    return 0
  }

  const qfile = values.questions ?? join(SHARED, 'eval/dev-retrieval.jsonl')
  const qs = readQuestions(qfile)
  const data = mkdtempSync(join(tmpdir(), 'jjzs-bench-'))
  try {
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'bot/cli/bench.ts'), '--phase', 'build', '--data', data, ...corpus.flatMap((c) => ['--corpus', c])], {
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent' },
      maxBuffer: 1 << 24,
    })
    if (child.status !== 0) throw new Error(`构建失败：${child.stderr}`)
    const build = JSON.parse(child.stdout.trim().split('\n').pop() as string) as { ms: number; rssKb: number; counts: Record<string, number> }

    const config = { ...loadConfig(io.env), dataDir: data, logLevel: 'silent' as const }
    const t0 = performance.now()
    const kb = await openKnowledge(config, { corpus })
    const loadMs = performance.now() - t0
    if (kb.report.rebuilt || kb.report.saved) throw new Error('持久化索引未被直接加载')

    // Warm-up pass, then the timed pass.
    for (const q of qs.slice(0, 20)) await kb.answerer.answer(q.question)
    const times: number[] = []
    const ours: Ranked[] = []
    for (const q of qs) {
      const t = performance.now()
      const res = await kb.retriever.search(q.question, { k: 10, filter: { excludeSources: q.exclude_documents_from ? [q.exclude_documents_from] : [] } })
      kb.answerer.compose(q.question, res)
      times.push(performance.now() - t)
      if (q.relevant?.length) {
        const rel = new Set(q.relevant.map(articleOf))
        const list = res.hits.filter((h) => h.unit.kind === 'article').map((h) => articleOf(h.id)).slice(0, 10)
        ours.push({ r: list.findIndex((id) => rel.has(id)) + 1 || Infinity, source: q.source })
      }
    }
    // The bot path: every question as a chat message through the router (guards, commands,
    // retrieval, answer, splitting) to a channel that only counts what it is given.
    let sentParts = 0
    const sink: Channel = { name: 'bench', start: async () => {}, stop: async () => {}, ready: () => true, send: async (_to: ChatTarget, _t: string) => { sentParts++ } }
    const office = openOffice(config, systemClock, ':memory:')
    const route = createRouter({
      channel: sink, channelName: 'wechaty', roster: office.roster, log: createLogger('silent'), hash: hasher('bench'), clock: systemClock,
      library: kb.library, retriever: kb.retriever, answerer: kb.answerer,
      sessions: new Sessions(systemClock, 60_000), feedback: { add: async () => {} },
      calendar: office.calendar,
      options: { botName: '助手', allow: { rooms: [], people: [] }, limits: { perPerson: 1e9, perRoom: 1e9, windowMs: 60_000 }, maxReplyBytes: 2000, staleMs: 120_000, startedAt: new Date() },
    })
    const msgTimes: number[] = []
    const tBot = performance.now()
    let n = 0
    for (const q of qs) {
      for (const inRoom of [false, true]) {
        const t = performance.now()
        await route({
          id: `bench-${++n}`, kind: 'text', text: inRoom ? `@助手 ${q.question}` : q.question, from: { id: `u${n % 7}`, name: `用户${n % 7}` },
          room: inRoom ? { id: 'bench@chatroom', topic: '基准群' } : undefined, mentionSelf: inRoom, self: false, date: new Date(),
        })
        msgTimes.push(performance.now() - t)
      }
    }
    const botMs = performance.now() - tBot
    const rssKb = process.resourceUsage().maxRSS

    // Baseline: MiniSearch (BM25+) over the same units, character bigrams, no expansion or fusion.
    const bigrams = (t: string) => {
      const out: string[] = []
      for (const run of t.match(/[\u4e00-\u9fff]+|[a-z0-9]+/gi) ?? []) {
        if (run.length === 1) out.push(run)
        for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2))
      }
      return out
    }
    const tb = performance.now()
    const ms = new MiniSearch<{ id: number; text: string; kind: string }>({ fields: ['text'], storeFields: ['kind'], tokenize: bigrams, processTerm: (t) => t })
    ms.addAll(kb.library.units.map((u, i) => ({ id: i, text: `${u.breadcrumb}\n${u.text}`, kind: u.kind })))
    const baseBuildMs = performance.now() - tb
    const baseTimes: number[] = []
    const base: Ranked[] = []
    for (const q of qs) {
      if (!q.relevant?.length) continue
      const t = performance.now()
      const res = ms.search(q.question.slice(0, 2000), { filter: (r) => r.kind === 'article' })
      baseTimes.push(performance.now() - t)
      const rel = new Set(q.relevant.map(articleOf))
      const list = res.slice(0, 10).map((r) => (kb.library.units[r.id as number] as { id: string }).id)
      base.push({ r: list.findIndex((id) => rel.has(id)) + 1 || Infinity, source: q.source })
    }

    const ledgerRun = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'bot/cli/bench.ts'), '--phase', 'ledger'], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } })
    if (ledgerRun.status !== 0) throw new Error(`台账基准失败：${ledgerRun.stderr}`)
    const lb = JSON.parse(ledgerRun.stdout.trim().split('\n').pop() as string) as { importMs: number; tickMs: number; idleTickMs: number; nextDayTickMs: number; nextDaySent: number; sent: number; rssKb: number; sheetKb: number }
    const report = {
      corpus: { sources: build.counts.sources, articles: build.counts.articles, passages: build.counts.passages },
      questions: qs.length,
      build_s: r2(build.ms / 1000),
      build_peak_rss_mb: mb(build.rssKb),
      load_s: r2(loadMs / 1000),
      ...(kb.answerability ? { answerability_train: { questions: kb.answerability.questions, s: r2(kb.answerability.trainMs / 1000) } } : {}),
      question_p50_ms: r2(pct(times, 50)),
      question_p95_ms: r2(pct(times, 95)),
      query_peak_rss_mb: mb(rssKb),
      ledger_10000: { import_s: r2(lb.importMs / 1000), tick_ms: r2(lb.tickMs), idle_tick_ms: r2(lb.idleTickMs), next_day_tick_ms: r2(lb.nextDayTickMs), next_day_sent: lb.nextDaySent, nudges_sent: lb.sent, peak_rss_mb: mb(lb.rssKb), sheet_kb: lb.sheetKb },
      bot: { messages: msgTimes.length, replies: sentParts, per_second: Math.round((msgTimes.length / botMs) * 1000), p50_ms: r2(pct(msgTimes, 50)), p95_ms: r2(pct(msgTimes, 95)) },
      ours: { ...rankMetrics(ours), by_source: bySource(ours) },
      baseline_minisearch_bigram: { ...rankMetrics(base), by_source: bySource(base), build_s: r2(baseBuildMs / 1000), p95_ms: r2(pct(baseTimes, 95)) },
    }
    const lines = [
      `语料：${report.corpus.sources} 个来源（条文 ${report.corpus.articles}，段落 ${report.corpus.passages}）；问题 ${qs.length} 个`,
      `全量构建 ${report.build_s} 秒（峰值内存 ${report.build_peak_rss_mb} MB）`,
      `加载持久化索引 ${report.load_s} 秒${report.answerability_train ? `（其中训练“能否回答”判断 ${report.answerability_train.s} 秒，${report.answerability_train.questions} 条问题和说法）` : ''}`,
      `每题（检索+答复）p50 ${report.question_p50_ms} ms，p95 ${report.question_p95_ms} ms；查询进程峰值内存 ${report.query_peak_rss_mb} MB`,
      `机器人（路由+检索+答复，私聊与群聊各一遍）：${report.bot.messages} 条消息，每秒 ${report.bot.per_second} 条，p50 ${report.bot.p50_ms} ms，p95 ${report.bot.p95_ms} ms`,
      `整改台账 1 万项：导入 1 万行 .xlsx（${report.ledger_10000.sheet_kb} KB）${report.ledger_10000.import_s} 秒；一次调度 ${report.ledger_10000.tick_ms} ms（发出 ${report.ledger_10000.nudges_sent} 条），无新提醒时 ${report.ledger_10000.idle_tick_ms} ms；峰值内存 ${report.ledger_10000.peak_rss_mb} MB`,
      `本系统     hit@1 ${report.ours['hit@1']}  hit@5 ${report.ours['hit@5']}  hit@10 ${report.ours['hit@10']}  MRR ${report.ours.mrr}`,
      `基线(BM25) hit@1 ${report.baseline_minisearch_bigram['hit@1']}  hit@5 ${report.baseline_minisearch_bigram['hit@5']}  hit@10 ${report.baseline_minisearch_bigram['hit@10']}  MRR ${report.baseline_minisearch_bigram.mrr}`,
    ]
    io.stdout.write(lines.join('\n') + '\n' + JSON.stringify(report) + '\n')
    return 0
  } finally {
    rmSync(data, { recursive: true, force: true })
  }
}

if (isEntry(import.meta.url)) run(main)
