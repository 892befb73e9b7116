/**
 * The answerability bank (regulations/answerability/): helper-written questions labelled answerable
 * from the texts or one of the kinds the texts never answer. It must parse, be large enough to
 * learn from, and hold both sides in volume; the 8-character guard against evaluation questions is
 * in catalogue.test.ts.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LABELS, loadBank } from '../../rag/answer/classifier.js'
import { REGS } from '../helpers/kb.js'

describe('regulations/answerability', () => {
  const bank = loadBank(join(REGS, 'answerability'))
  const count = (l: string) => bank.filter((b) => b.label === l).length

  it('holds at least 2,000 questions, both answerable and not in volume, every unanswerable kind represented', () => {
    expect(bank.length).toBeGreaterThanOrEqual(2000)
    expect(count('answerable')).toBeGreaterThanOrEqual(700)
    expect(bank.length - count('answerable')).toBeGreaterThanOrEqual(700)
    for (const l of LABELS) expect(count(l), l).toBeGreaterThanOrEqual(20)
  })

  it('has no question twice', () => {
    const norm = bank.map((b) => b.question.replace(/[\s，。、；：？！,.;:?!“”"'（）()]/g, ''))
    expect(norm.filter((q, i) => norm.indexOf(q) !== i)).toEqual([])
  })
})
