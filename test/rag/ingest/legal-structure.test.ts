import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { clauseText, looksLikeRegulation, parseLegalText } from '../../../rag/ingest/legal-structure.js'

const dir = join(import.meta.dirname, '../../fixtures/parse')
const golden = (name: string) => JSON.parse(readFileSync(join(dir, `${name}.golden.json`), 'utf8'))
const parse = (name: string) => JSON.parse(JSON.stringify(parseLegalText(readFileSync(join(dir, name), 'utf8'))))

describe('legal structure parser (golden files)', () => {
  it('splits articles that do not start a line, with Arabic numerals and in-text references', () => {
    expect(parse('inline-articles.txt')).toEqual(golden('inline-articles.txt'))
  })

  it('reads irregular 编/章/节 headings, 款 and 项', () => {
    expect(parse('irregular-headings.md')).toEqual(golden('irregular-headings.md'))
  })
})

describe('legal structure parser (behaviour)', () => {
  it('does not take a reference to another article for an article start', () => {
    const p = parseLegalText('第一条 总则。\n第二条 依照本规则第二十一条规定办理。\n第三条 附则。')
    expect(p.articles.map((a) => a.n)).toEqual([1, 2, 3])
    expect(p.articles[1]?.text).toContain('第二十一条规定')
  })

  it('keeps a line-start article after a missing number', () => {
    const p = parseLegalText('第一条 甲。\n第二条 乙。\n第四条 丁。')
    expect(p.articles.map((a) => a.n)).toEqual([1, 2, 4])
  })

  it('addresses 款 and 项 for ids like #2.1.3', () => {
    const a = parseLegalText(readFileSync(join(dir, 'irregular-headings.md'), 'utf8')).articles[1]!
    expect(clauseText(a, 1, 3)).toBe('（三）上级交办的材料。')
    expect(clauseText(a, 2)).toBe('对前款第三项材料，应当优先办理。')
    expect(clauseText(a, 3)).toBeUndefined()
  })

  it('takes a Markdown heading without a number as a part of the text', () => {
    const p = parseLegalText('# 某准则\n\n## 党员规范\n\n第一条 坚持甲。\n\n## 党员领导干部规范\n\n第二条 坚持乙。')
    expect(p.articles.map((a) => a.chapter?.name)).toEqual(['党员规范', '党员领导干部规范'])
    expect(p.articles[0]?.text).toBe('第一条 坚持甲。')
  })

  it('tells regulations from articles that merely mention 第X条', () => {
    expect(looksLikeRegulation('第一条 甲。\n第二条 乙。\n第三条 丙。')).toBe(true)
    expect(looksLikeRegulation('依据《条例》第九十条，应当给予警告处分。第二十条也有规定。')).toBe(false)
  })
})
