import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CrashPoint } from '../../../../bot/office/rectification/outbox.js'
import { ROOT, tempDir } from '../../../helpers/kb.js'
import { Crash, openRun } from '../../../helpers/nudge-scenario.js'

const WORKER = join(ROOT, 'test/helpers/nudge-worker.ts')
const lines = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : [])
const keyOf = (line: string) => line.split('|')[0] as string
const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>())

async function reference(): Promise<string[]> {
  const run = openRun(tempDir())
  const out: string[] = []
  await run.play((l) => {
    out.push(l)
  })
  run.close()
  return out
}

/**
 * Plays the scenario, crashing at the `at`-th time (1-based) the process reaches one of `points`,
 * then reopening the ledger file and playing again from the first day, like a restarted process.
 * Every `every`-th hit after that crashes again, up to `maxCrashes` crashes.
 */
async function withCrashes(points: CrashPoint[], at: number, every = Infinity, maxCrashes = 15) {
  const dir = tempDir()
  const delivered: string[] = []
  let hits = 0
  let crashes = 0
  const crashedAt: CrashPoint[] = []
  for (let attempt = 0; attempt < 200; attempt++) {
    const run = openRun(dir, (p) => {
      if (!points.includes(p)) return
      hits++
      if (crashes < maxCrashes && (hits === at || (hits > at && (hits - at) % every === 0))) {
        crashes++
        crashedAt.push(p)
        throw new Crash(p)
      }
    })
    try {
      await run.play((l) => {
        delivered.push(l)
      })
      run.close()
      return { delivered, crashes, crashedAt }
    } catch (e) {
      run.close()
      if (!(e instanceof Crash)) throw e
    }
  }
  throw new Error('scenario did not finish')
}

describe('reminders survive crashes (deterministic, in process)', () => {
  const POINTS: CrashPoint[] = ['before-record', 'during-record', 'after-record', 'after-mark-sending', 'after-send', 'after-mark-sent']

  it('loses nothing and repeats at most the one message in flight, at every crash point', async () => {
    const ref = await reference()
    expect(ref.length).toBeGreaterThan(40)
    const want = count(ref)
    expect([...want.values()].every((n) => n === 1)).toBe(true)
    for (const point of POINTS) {
      for (const at of [1, 2, 7, 23, 51]) {
        const r = await withCrashes([point], at)
        const label = `${point} #${at}`
        const have = count(r.delivered)
        // Nothing lost, and every delivery is a message of the reference run with the same text.
        for (const k of want.keys()) expect(have.get(k) ?? 0, `${label}: ${k}`).toBeGreaterThanOrEqual(1)
        expect(new Set(have.keys()), label).toEqual(new Set(want.keys()))
        // Only a crash between "sent" and "recorded as sent" repeats a message, and then exactly that one.
        const extra = [...have.values()].reduce((s, n) => s + n - 1, 0)
        expect(extra, label).toBe(point === 'after-send' ? r.crashes : 0)
      }
    }
  })

  it('holds with repeated crashes at every point in turn', async () => {
    const ref = await reference()
    const r = await withCrashes(POINTS, 3, 11)
    expect(r.crashes).toBeGreaterThan(10)
    const have = count(r.delivered)
    expect(new Set(have.keys())).toEqual(new Set(ref))
    const extra = [...have.values()].reduce((s, n) => s + n - 1, 0)
    expect(extra).toBe(r.crashedAt.filter((p) => p === 'after-send').length)
  })

  it('a repeat after a crash is the same message: same key, same recipient, same text', async () => {
    const r = await withCrashes(['after-send'], 5)
    const repeated = [...count(r.delivered)].filter(([, n]) => n > 1).map(([l]) => l)
    expect(repeated).toHaveLength(1)
    // Lines are key|chat id|text: identical lines mean the repeat is the same message, not a new fold.
    expect(r.delivered.filter((l) => keyOf(l) === keyOf(repeated[0] as string))).toHaveLength(2)
  })
})

describe('reminders survive SIGKILL (smoke test across real processes)', () => {
  it('killed at arbitrary moments and restarted: nothing lost, at most one repeat per kill', async () => {
    const ref = await reference()
    const dir = tempDir()
    const log = join(dir, 'd.log')
    let kills = 0
    let seed = 7
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let attempt = 0; attempt < 60 && !lines(log).includes('DONE'); attempt++) {
      const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dir, log], { cwd: ROOT, stdio: 'ignore' })
      const before = lines(log).length
      // Kill once the worker has delivered something new, at a random moment after that (or let it finish).
      await new Promise<void>((resolve) => {
        const wait = 5 + Math.floor(rand() * 100)
        const t = setInterval(() => {
          if (lines(log).length > before) {
            clearInterval(t)
            setTimeout(() => {
              if (child.exitCode === null && child.kill('SIGKILL')) kills++
            }, wait)
          }
        }, 5)
        child.on('exit', () => {
          clearInterval(t)
          resolve()
        })
      })
    }
    expect(lines(log)).toContain('DONE')
    const got = lines(log).filter((l) => l !== 'DONE')
    const have = count(got)
    // Whatever the timing: every message of the reference run arrived, none that is not one of them,
    // and repeats are bounded by the number of kills. (A kill that landed after the last line counts too.)
    expect(new Set(have.keys())).toEqual(new Set(ref))
    const extra = [...have.values()].reduce((s, n) => s + n - 1, 0)
    expect(extra).toBeLessThanOrEqual(kills)
  }, 300_000)
})
