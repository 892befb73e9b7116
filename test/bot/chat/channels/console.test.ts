import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIXTURE_KB } from '../../../helpers/bot.js'
import { ROOT, tempDir } from '../../../helpers/kb.js'

function start(args: string[], input: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bot/main.ts'), '--corpus', FIXTURE_KB, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, JJZS_DATA_DIR: tempDir(), JJZS_BUILTIN: '0', LOG_LEVEL: 'silent' },
  })
  return r
}

describe('console channel (npm start with piped input)', () => {
  it('answers one line at a time and exits at end of input', () => {
    const r = start([], '被函询人收到函件后多长时间内要书面说明？\n\n/条 示例纪检工作规则 4\n')
    expect(r.status).toBe(0)
    const parts = r.stdout.trim().split(/\n\n(?=《|“|\()/)
    expect(r.stdout).toContain('15个工作日')
    expect(r.stdout).toContain('应当报本级纪检组织主要负责人批准')
    expect(parts.length).toBeGreaterThanOrEqual(2)
  })

  it('with --room, lines are group messages: only mentions and commands are answered', () => {
    const r = start(['--room', '纪检群', '--as', '张三'], '被函询人多长时间内要书面说明\n@助手 被函询人多长时间内要书面说明\n/帮助\n')
    expect(r.status).toBe(0)
    expect(r.stdout.match(/@张三 /g)).toHaveLength(2)
    expect(r.stdout).toContain('纪检助手用法')
  })

  it('stops cleanly on SIGTERM while waiting for input', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bot/main.ts'), '--corpus', FIXTURE_KB], {
      cwd: ROOT,
      env: { ...process.env, JJZS_DATA_DIR: tempDir(), JJZS_BUILTIN: '0', LOG_LEVEL: 'info' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let err = ''
    child.stderr.on('data', (d) => (err += String(d)))
    // Wait until the knowledge base is loaded, then ask it to stop.
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (err.includes('knowledge base ready')) {
          clearInterval(t)
          resolve()
        }
      }, 50)
    })
    child.kill('SIGTERM')
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)))
    expect(code).toBe(0)
    expect(err).toContain('shutting down')
  })

  it('rejects an unknown option with a Chinese usage line and exit 2', () => {
    const r = start(['--bogus'], '')
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/用法：npm start/)
  })
})
