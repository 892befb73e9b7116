import { describe, expect, it } from 'vitest'
import { ANSWER_MEMORY_MS, Sessions, withContext } from '../../../../bot/chat/router/sessions.js'

const prev = { question: '留置要谁批准？', citations: [], at: 0 }

describe('follow-up questions', () => {
  it('reads a question that leans on the previous one together with it', () => {
    expect(withContext('那如果是一把手呢？', prev)).toBe('留置要谁批准？ 那如果是一把手呢？')
    expect(withContext('要是省级的呢', prev)).toBe('留置要谁批准？ 要是省级的呢')
  })

  it('keeps a new question that names its own subject on its own, whatever word it starts with', () => {
    // A leading 还有 is not evidence of a follow-up: this one asks about 初步核实, not 留置.
    expect(withContext('还有初步核实要谁批？', prev)).toBe('还有初步核实要谁批？')
    expect(withContext('那初步核实的审批要谁签字呢？', prev)).toBe('那初步核实的审批要谁签字呢？')
    expect(withContext('谈话函询多少天内回复', prev)).toBe('谈话函询多少天内回复')
    expect(withContext('那如果是一把手呢？', undefined)).toBe('那如果是一把手呢？')
  })
})

describe('answers remembered for a later rating', () => {
  it('keeps the citations of an answer by message id for three days, then forgets them', () => {
    let t = Date.parse('2026-12-03T02:00:00Z')
    const s = new Sessions({ now: () => new Date(t) }, 5 * 60_000)
    s.answered('m1', ['jilv-chufen-tiaoli-2023#97'])
    t += ANSWER_MEMORY_MS - 1000
    expect(s.answerTo('m1')).toEqual(['jilv-chufen-tiaoli-2023#97'])
    t += 2000
    expect(s.answerTo('m1')).toBeUndefined()
    expect(s.answerTo('never')).toBeUndefined()
  })
})
