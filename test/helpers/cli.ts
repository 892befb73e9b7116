/** Runs one of the project's commands as a child process, the way a user does. */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { ROOT } from './kb.js'

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

export function cli(script: 'ingest' | 'ask' | 'eval' | 'bench' | 'knobs', args: string[], env: Record<string, string> = {}, input?: string): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bot/cli', `${script}.ts`), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    input,
    timeout: 120_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
