/**
 * Argument parsing shared by the command-line tools: node's parseArgs with strict checking, and a
 * Chinese message plus exit code 2 for anything it rejects.
 */
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
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

/** Where a command reads its settings and writes its output: the process, or a test's buffers. */
export interface Io {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  env: NodeJS.ProcessEnv
}

export const PROCESS_IO: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env }

/** A command's entry point: arguments (without node and the script) and where to write. */
export type Main = (argv: string[], io: Io) => Promise<number | void>

/** Runs a command and returns its exit code: user-facing errors print in Chinese without a stack. */
export async function runMain(main: Main, argv: string[], io: Io): Promise<number> {
  try {
    return (await main(argv, io)) ?? 0
  } catch (e: unknown) {
    if (e instanceof UserError || e instanceof ConfigError) {
      io.stderr.write(`错误：${e.message}\n`)
      return 2
    }
    if (e instanceof RagError) {
      io.stderr.write(`错误：${e.message}\n`)
      return 1
    }
    io.stderr.write(`内部错误：${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    return 1
  }
}

/** True when the module at `url` is the script node was started with (not imported by a test). */
export function isEntry(url: string): boolean {
  return !!process.argv[1] && resolve(process.argv[1]) === fileURLToPath(url)
}

/** Runs a command as the process: its arguments, its streams, its exit code. */
export function run(main: Main): void {
  void runMain(main, process.argv.slice(2), PROCESS_IO).then((code) => {
    process.exitCode = code
  })
}
