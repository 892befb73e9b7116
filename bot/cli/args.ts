/**
 * Argument parsing shared by the command-line tools: node's parseArgs with strict checking, and a
 * Chinese message plus exit code 2 for anything it rejects.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { ConfigError, RagError, UserError } from '../errors.js'

export function parse<T extends ParseArgsConfig['options']>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (e) {
    const msg = (e as Error).message
      .replace(/^Unknown option '([^']+)'.*$/s, '未知选项 $1')
      .replace(/^Option '([^']+)' argument missing.*$/s, '选项 $1 缺少参数')
    throw new UserError(`${msg}\n用法：${usage}`)
  }
}

/** Runs a command: user-facing errors print in Chinese without a stack and set the exit code. */
export function run(main: () => Promise<number | void>): void {
  main()
    .then((code) => {
      process.exitCode = code ?? 0
    })
    .catch((e: unknown) => {
      if (e instanceof UserError || e instanceof ConfigError) {
        process.stderr.write(`错误：${e.message}\n`)
        process.exitCode = 2
      } else if (e instanceof RagError) {
        process.stderr.write(`错误：${e.message}\n`)
        process.exitCode = 1
      } else {
        process.stderr.write(`内部错误：${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
        process.exitCode = 1
      }
    })
}
