/**
 * npm run ask -- "<question>" [--json] [--corpus <dir>]...
 *
 * Answers one question from the knowledge base. With --json prints
 * {kind: "answer"|"no-basis", text, citations: [...]}. With --explain also prints, on stderr, the
 * rankings fused for the answer (for maintainers checking why an article came first). With a chat
 * model configured, the answer is worded by it and checked sentence by sentence, as in the bot.
 */
import { loadConfig } from '../config.js'
import { UserError } from '../errors.js'
import { chatAnswerer, openKnowledge } from '../app.js'
import { systemClock } from '../clock.js'
import { createLogger } from '../log.js'
import { parse, type Io, PROCESS_IO, isEntry, run } from './args.js'
import { renderAnswer } from '../chat/render.js'

const USAGE = 'npm run ask -- "<问题>" [--json] [--explain] [--corpus <文件夹>]...'

export async function main(argv: string[], io: Io = PROCESS_IO): Promise<number | void> {
  const { values, positionals } = parse(argv, {
    json: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    corpus: { type: 'string', multiple: true },
  }, USAGE)
  const q = positionals.join(' ').trim()
  if (!q) throw new UserError(`请给出问题。\n用法：${USAGE}`)
  const config = loadConfig(io.env)
  const kb = await openKnowledge(config, { corpus: values.corpus, progress: (l) => io.stderr.write(`${l}\n`) })
  const explain = values.explain ? (name: string, ids: string[]) => io.stderr.write(`[${name}] ${ids.slice(0, 10).join(' ') || '（无）'}\n`) : undefined
  const r = await kb.retriever.search(q, { k: 10, explain })
  if (explain) {
    if (r.caseDate) io.stderr.write(`[案情时间] ${r.caseDate.date}\n`)
    io.stderr.write(`[融合结果] ${r.hits.filter((h) => h.unit.kind === 'article').slice(0, 10).map((h) => h.id).join(' ')}\n`)
  }
  // With a chat model configured (JJZS_CHAT_*), the answer is the one the bot would send.
  const a = config.chat ? await (await chatAnswerer(config, kb, systemClock, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, io.stderr))).answer(q) : kb.answerer.compose(q, r)
  io.stdout.write(values.json ? JSON.stringify(a, null, 1) + '\n' : renderAnswer(a).text + '\n')
  return 0
}

if (isEntry(import.meta.url)) run(main)
