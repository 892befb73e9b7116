import { describe, expect, it } from 'vitest'
import { DEFAULT_TUNING, weightsOf } from '../../../rag/rank/tuning.js'

const t = DEFAULT_TUNING

describe('weightsOf', () => {
  it('gives a short chat question the catalogue at full weight and little of the citations', () => {
    const w = weightsOf({ length: 20, textCoverage: 0.1 }, t)
    expect(w.catalogue).toBe(t.catRank)
    expect(w.anchors).toBe(t.anchors)
    // Short questions match many documents loosely: citations only re-rank, at a fraction.
    expect(w.cited).toBeCloseTo(t.cited * t.shortCited)
  })

  it('silences the everyday-wording channels for a question that quotes the text', () => {
    // An exam item quoting the article: its own text covers it, the catalogue would only add noise.
    const w = weightsOf({ length: 40, textCoverage: t.catByCov + 0.25 }, t)
    expect(w.catalogue).toBe(0)
    expect(w.anchors).toBe(0)
    expect(w.cited).toBe(0)
  })

  it('hands a long case description to the documents\' citations', () => {
    const w = weightsOf({ length: t.catLenEnd, textCoverage: 0.1 }, t)
    expect(w.catalogue).toBe(0)
    expect(w.cited).toBeCloseTo(t.cited)
    const mid = weightsOf({ length: 70, textCoverage: 0.1 }, t)
    expect(mid.cited).toBeCloseTo(t.cited * 0.5)
  })

  it('tapers the catalogue with length between 80 characters and catLenEnd', () => {
    const at = (length: number) => weightsOf({ length, textCoverage: 0 }, t).catalogue
    expect(at(80)).toBe(t.catRank)
    expect(at(140)).toBeCloseTo(t.catRank * (t.catLenEnd - 140) / (t.catLenEnd - 80))
    expect(at(120)).toBeGreaterThan(at(160))
  })

  it('keeps the channels at full weight when the coverage taper is switched off', () => {
    expect(weightsOf({ length: 20, textCoverage: 0.9 }, { ...t, catByCov: 0 }).catalogue).toBe(t.catRank)
  })
})
