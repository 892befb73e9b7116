import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, tempDir } from '../../helpers/kb.js'

const WORKER = join(ROOT, 'test/helpers/nudge-worker.ts')
const lines = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : [])

function runToEnd(db: string, log: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', WORKER, db, log], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 })
  if (r.status !== 0) throw new Error(r.stderr)
}

describe('nudges survive crashes', () => {
  it('killed with SIGKILL at random points and restarted: nothing lost, at most the in-flight one repeated per kill', async () => {
    // Reference run without crashes.
    const refDir = tempDir()
    runToEnd(join(refDir, 'l.sqlite'), join(refDir, 'd.log'))
    const expected = lines(join(refDir, 'd.log')).filter((l) => l !== 'DONE')
    expect(expected.length).toBeGreaterThan(40)

    const dir = tempDir()
    const db = join(dir, 'l.sqlite')
    const log = join(dir, 'd.log')
    let kills = 0
    let seed = 7
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let attempt = 0; attempt < 40 && !lines(log).includes('DONE'); attempt++) {
      const child = spawn(process.execPath, ['--import', 'tsx', WORKER, db, log], { cwd: ROOT, stdio: 'ignore' })
      const before = lines(log).length
      // Kill once the worker has delivered something new, at a random moment after that.
      const killed = await new Promise<boolean>((resolve) => {
        const wait = 20 + Math.floor(rand() * 120)
        const t = setInterval(() => {
          if (lines(log).length > before) {
            clearInterval(t)
            setTimeout(() => resolve(child.kill('SIGKILL')), wait)
          }
        }, 5)
        child.on('exit', () => {
          clearInterval(t)
          resolve(false)
        })
      })
      await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.on('exit', r)))
      if (killed && child.signalCode === 'SIGKILL') kills++
    }
    const got = lines(log).filter((l) => l !== 'DONE')
    expect(lines(log)).toContain('DONE')
    expect(kills).toBeGreaterThanOrEqual(2)
    // Nothing lost: every message of the reference run was delivered.
    const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>())
    const want = count(expected)
    const have = count(got)
    for (const [k, n] of want) expect(have.get(k) ?? 0, k).toBeGreaterThanOrEqual(n)
    // No duplicates beyond the one in flight at each kill.
    const extra = [...have].reduce((s, [k, n]) => s + Math.max(0, n - (want.get(k) ?? 0)), 0)
    expect(extra).toBeLessThanOrEqual(kills)
    expect(new Set(have.keys())).toEqual(new Set(want.keys()))
  }, 300_000)
})
