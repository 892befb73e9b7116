/**
 * Runs one of the project's commands. `cli` calls the command's exported `main(argv, io)` in this
 * process, with its own environment and output buffers (fast: no new process per call);
 * `spawnCli` starts it as a child process the way a user does (one smoke start per command).
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { type Main, runMain } from '../../bot/cli/args.js'
import { ROOT } from './kb.js'

export type Script = 'ingest' | 'ask' | 'eval' | 'bench' | 'knobs' | 'rectify' | 'roster' | 'quiz' | 'deadline' | 'holdout' | 'verify-bench'

export interface CliResult {
  code: number | null
  /** The same as `code`, named as spawnSync names it. */
  status: number | null
  stdout: string
  stderr: string
}

/** A writable stream that keeps what is written, as text (a command's stdout or stderr in a test). */
class Capture extends Writable {
  text = ''
  override _write(chunk: unknown, _enc: string, cb: () => void) {
    this.text += String(chunk)
    cb()
  }
}

export async function cli(script: Script, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const { main } = (await import(join(ROOT, 'bot/cli', `${script}.ts`))) as { main: Main }
  const stdout = new Capture()
  const stderr = new Capture()
  const code = await runMain(main, args, { stdout, stderr, env: { ...process.env, LOG_LEVEL: 'silent', ...env } })
  return { code, status: code, stdout: stdout.text, stderr: stderr.text }
}

export function spawnCli(script: Script, args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bot/cli', `${script}.ts`), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: r.status, status: r.status, stdout: r.stdout, stderr: r.stderr }
}
