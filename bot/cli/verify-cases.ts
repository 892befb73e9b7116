/**
 * Crafted model outputs (test/fixtures/model-outputs/*.jsonl) and the figures of the sentence checks
 * on them, for `npm run bench:verify` and the tests. Measures the sentence checks of the model answerer (rag/answer/verify.ts) on crafted model outputs
 * (test/fixtures/model-outputs/*.jsonl by default): half the cases faithful, half with exactly one
 * defective sentence each, written before the checks were tuned. Prints the share of defective
 * sentences caught and of faithful sentences kept, by defect type, and the misses.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { PROJECT_ROOT } from '../config.js'
import { parseJsonLines } from './questions.js'
import { sanitiseMaterial, verifyAnswer, verifySentence } from '../../rag/index.js'

const CaseSchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  materials: z.array(z.object({ id: z.number().int().min(1), title: z.string(), text: z.string().min(1) })).min(1),
  sentences: z.array(z.object({ text: z.string().min(1), ok: z.boolean(), defect: z.string().optional() })).min(1),
})
export type FixtureCase = z.infer<typeof CaseSchema>

export const FIXTURE_DIR = join(PROJECT_ROOT, 'test', 'fixtures', 'model-outputs')

export function readCases(files: string[]): FixtureCase[] {
  return files.flatMap((f) => parseJsonLines(readFileSync(f, 'utf8'), f, CaseSchema))
}

export interface VerifyFigures {
  cases: number
  defective: number
  caught: number
  faithful: number
  kept: number
  /** Faithful cases whose whole answer passes (every sentence kept, the answer stands). */
  wholeFaithful: number
  wholeFaithfulKept: number
  byDefect: Record<string, { n: number; caught: number }>
  misses: Array<{ id: string; text: string; expected: 'keep' | 'drop'; reason?: string; detail?: string; defect?: string }>
}

export function measure(cases: FixtureCase[]): VerifyFigures {
  const f: VerifyFigures = { cases: cases.length, defective: 0, caught: 0, faithful: 0, kept: 0, wholeFaithful: 0, wholeFaithfulKept: 0, byDefect: {}, misses: [] }
  for (const c of cases) {
    const materials = c.materials.map((m) => ({ ...m, text: sanitiseMaterial(m.text).text }))
    for (const s of c.sentences) {
      const v = verifySentence(s.text, materials)
      if (s.ok) {
        f.faithful++
        if (v.ok) f.kept++
        else f.misses.push({ id: c.id, text: s.text, expected: 'keep', ...(v.reason ? { reason: v.reason } : {}), ...(v.detail ? { detail: v.detail } : {}) })
      } else {
        f.defective++
        const d = (f.byDefect[s.defect ?? '?'] ??= { n: 0, caught: 0 })
        d.n++
        if (!v.ok) {
          f.caught++
          d.caught++
        } else f.misses.push({ id: c.id, text: s.text, expected: 'drop', ...(s.defect ? { defect: s.defect } : {}) })
      }
    }
    if (c.sentences.every((s) => s.ok)) {
      f.wholeFaithful++
      const v = verifyAnswer(c.sentences.map((s) => s.text).join(''), materials)
      if (v.ok && v.dropped.length === 0) f.wholeFaithfulKept++
    }
  }
  return f
}

/** The fixture files, sorted. */
export const fixtureFiles = (dir = FIXTURE_DIR) => readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort().map((x) => join(dir, x))
