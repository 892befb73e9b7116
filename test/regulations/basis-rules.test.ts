/**
 * regulations/basis-rules.json: every rule matches its own examples and none of its non-examples,
 * and a file that does not fit is refused with every problem named.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BasisRules } from '../../rag/answer/basis.js'
import { RULES, tempDir } from '../helpers/kb.js'

describe('no-basis rules as data', () => {
  for (const rule of RULES.data.rules) {
    it(`rule ${rule.id} (${rule.why}) matches its examples and not its non-examples`, () => {
      for (const q of rule.examples) expect(RULES.match(q)?.id, q).toBe(rule.id)
      for (const q of rule.nonExamples) expect(RULES.match(q)?.id, q).not.toBe(rule.id)
    })
  }

  it('keeps a question that tells of misconduct inside the domain whatever else it mentions', () => {
    expect(RULES.outside('党员干部把单位的投影仪搬回家用了一年，按哪条处理？')).toBeUndefined()
    expect(RULES.outside('有个党员醉驾被判了拘役，党籍还能保住吗')).toBeUndefined()
  })

  const write = (data: unknown) => {
    const f = join(tempDir(), 'rules.json')
    writeFileSync(f, typeof data === 'string' ? data : JSON.stringify(data))
    return f
  }

  it('refuses a file that is not JSON, and one with several problems naming each with its path', () => {
    expect(() => BasisRules.load(write('{not json'))).toThrow(/不是有效的 JSON/)
    const bad = { ...RULES.data, rules: [{ id: 'X', why: '', comment: 'short', when: [], examples: [] }] }
    const msg = (() => {
      try {
        BasisRules.load(write(bad))
        return ''
      } catch (e) {
        return (e as Error).message
      }
    })()
    expect(msg).toMatch(/rules\.0\.id/)
    expect(msg).toMatch(/rules\.0\.why/)
    expect(msg).toMatch(/rules\.0\.when/)
    expect(msg).toMatch(/rules\.0\.examples/)
  })

  it('refuses an invalid pattern, an unknown lexicon and a repeated rule id', () => {
    const rule = RULES.data.rules[0] as (typeof RULES.data.rules)[number]
    expect(() => BasisRules.load(write({ ...RULES.data, rules: [{ ...rule, when: [{ any: ['(未闭合'] }] }] }))).toThrow(/task\.when\.0\.any 的正则表达式无效/)
    expect(() => BasisRules.load(write({ ...RULES.data, rules: [{ ...rule, when: [{ any: ['{nosuch}'] }] }] }))).toThrow(/不存在的词表 \{nosuch\}/)
    expect(() => BasisRules.load(write({ ...RULES.data, rules: [rule, rule] }))).toThrow(/规则 task 重复/)
  })
})
