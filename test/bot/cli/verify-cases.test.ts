import { describe, expect, it } from 'vitest'
import { fixtureFiles, measure, readCases } from '../../../bot/cli/verify-cases.js'

describe('sentence checks on the crafted model outputs (test/fixtures/model-outputs)', () => {
  const cases = readCases(fixtureFiles())

  it('has at least 100 cases, half faithful and half with exactly one defective sentence', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100)
    const bad = cases.filter((c) => c.sentences.some((s) => !s.ok))
    expect(bad.length).toBe(cases.length / 2)
    for (const c of bad) expect(c.sentences.filter((s) => !s.ok), c.id).toHaveLength(1)
    expect(new Set(bad.map((c) => c.sentences.find((s) => !s.ok)?.defect)).size).toBeGreaterThanOrEqual(9)
  })

  it('catches every defective sentence and keeps at least 95% of the faithful ones', () => {
    const f = measure(cases)
    expect(f.caught).toBe(f.defective)
    expect(f.kept / f.faithful).toBeGreaterThanOrEqual(0.95)
    expect(f.wholeFaithfulKept / f.wholeFaithful).toBeGreaterThanOrEqual(0.9)
  })
})
