/**
 * One real process start per command: the entry wiring (the script runs `main` when started, its
 * errors become a Chinese message and an exit code). Everything else about the commands is tested
 * in-process (test/helpers/cli.ts).
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, tempDir } from '../../helpers/kb.js'

const start = (script: string, args: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'bot/cli', `${script}.ts`), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, LOG_LEVEL: 'silent', JJZS_DATA_DIR: tempDir() } }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })

describe('each command started as a process', () => {
  it('runs, and turns a usage error into a Chinese message with exit code 2', async () => {
    const usage: Array<[string, string[], RegExp]> = [
      ['ingest', [], /请给出要导入的文件或文件夹/],
      ['ask', [], /请给出问题/],
      ['eval', [], /请用 --questions 指定问题集/],
      ['knobs', [], /请用 --questions 指定至少一个问题集/],
      ['holdout', [], /缺少参数/],
      ['rectify', ['--frobnicate'], /未知选项 --frobnicate/],
      ['roster', ['--frobnicate'], /未知选项 --frobnicate/],
      ['quiz', ['--frobnicate'], /未知选项 --frobnicate/],
      ['deadline', [], /用法|期限/],
    ]
    const runs = await Promise.all(usage.map(([s, a]) => start(s, a)))
    runs.forEach((r, i) => {
      const [script, , message] = usage[i] as [string, string[], RegExp]
      expect({ script, code: r.code }).toEqual({ script, code: 2 })
      expect(r.stderr).toMatch(message)
      expect(r.stderr).not.toMatch(/内部错误|at .*\.ts:\d+/)
    })
    // And a successful run exits 0 with its output on stdout.
    const [ok, verify] = await Promise.all([start('deadline', ['2026-12-01', '15个工作日']), start('verify-bench', [])])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/2026/)
    expect(verify.code).toBe(0)
    expect(verify.stdout).toMatch(/^案例 \d+ 个/)
  }, 120_000)
})
