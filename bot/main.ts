/**
 * `npm start`: the bot on the configured channel (the console by default: one question per line
 * on stdin, answers on stdout). Everything is built in bot/app.ts.
 */
import { pathToFileURL } from 'node:url'
import { startBot } from './app.js'
import { loadConfig } from './config.js'
import { ConfigError, UserError } from './errors.js'
import { createLogger } from './log.js'

const START_USAGE = 'npm start [-- --corpus <文件夹>... --room <群名> --as <姓名>]'

async function main(): Promise<void> {
  const { parseArgs } = await import('node:util')
  let args
  try {
    args = parseArgs({ args: process.argv.slice(2), options: { corpus: { type: 'string', multiple: true }, room: { type: 'string' }, as: { type: 'string' } }, strict: true })
  } catch (e) {
    throw new UserError(`${(e as Error).message}\n用法：${START_USAGE}`)
  }
  const config = loadConfig()
  const log = createLogger(config.logLevel)
  // Signals are handled from the start, also while the knowledge base is still loading.
  let bot: Awaited<ReturnType<typeof startBot>> | undefined
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down')
    await bot?.stop().catch(() => undefined)
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  bot = await startBot(config, log, { corpus: args.values.corpus, room: args.values.room, as: args.values.as })
  await bot.done
  await bot.stop()
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => {
    process.stderr.write(`错误：${e instanceof Error ? e.message : String(e)}\n`)
    process.exit(e instanceof UserError || e instanceof ConfigError ? 2 : 1)
  })
}
