import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HashingEmbeddings } from '../../../rag/index/embedding.js'
import { expansions, loadSynonyms } from '../../../rag/query/expand.js'
import { BIGRAM_PREFIX, checkDictionary, createTokenizer } from '../../../rag/index/tokenize.js'
import { REGS } from '../../helpers/kb.js'

const tok = createTokenizer({ dictFiles: [join(REGS, 'dict.txt')] })

describe('tokenizer', () => {
  it('keeps domain terms whole thanks to the dictionary', () => {
    expect(tok.words('对下一级党委主要负责人进行谈话函询')).toEqual(expect.arrayContaining(['谈话函询', '主要负责人']))
    expect(tok.words('问题线索怎么处置')).toContain('问题线索')
  })

  it('adds prefixed character bigrams and drops stopwords and punctuation', () => {
    const t = tok.terms('初核的期限？')
    expect(t).toContain('初核')
    expect(t).toContain(`${BIGRAM_PREFIX}初核`)
    expect(t).not.toContain('的')
    expect(t).not.toContain('？')
  })

  it('knows the domain vocabulary', () => {
    expect(tok.isDomainWord('谈话函询')).toBe(true)
    expect(tok.isDomainWord('天气')).toBe(false)
  })
})

describe('colloquial expansion', () => {
  const syn = loadSynonyms(join(REGS, 'synonyms.json'))
  it('maps chat wording to the rules wording', () => {
    expect(expansions('一把手谈话要谁批', syn)).toEqual(expect.arrayContaining(['主要负责人', '批准']))
    expect(expansions('收到举报信多久要处理', syn)).toEqual(expect.arrayContaining(['检举控告', '期限']))
    expect(expansions('亲戚被查了', syn)).toContain('近亲属')
    expect(expansions('初核怎么搞', syn)).toContain('初步核实')
  })
})

describe('built-in embedding', () => {
  const e = new HashingEmbeddings()
  it('is deterministic, normalised and closer for related texts', async () => {
    const [a, b, c] = await e.embedDocuments(['谈话函询的审批程序', '谈话函询报批程序', '留置期限不得超过三个月'])
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * (y[i] as number), 0)
    expect(a!.length).toBe(256)
    expect(dot(a!, a!)).toBeCloseTo(1, 5)
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!))
    expect(await e.embedQuery('谈话函询的审批程序')).toEqual(a)
  })
})

describe('the domain dictionary file', () => {
  it('lists every malformed line and every word written twice', () => {
    expect(() => checkDictionary('谈话函询 20000 n\n留置 abc v\n初核 100 N\n审理 10 v\n审理 10 v\n线索 1 n extra\n', 'dict.txt')).toThrow(
      /词典 dict\.txt 有 4 处错误：\n  第 2 行的词频“abc”应为正整数\n  第 3 行的词性“N”应为小写字母[^\n]*\n  第 5 行的“审理”与第 4 行重复\n  第 6 行多出“extra”/,
    )
    expect(() => checkDictionary('谈话函询 20000 n\n\n函询\n', 'dict.txt')).not.toThrow()
  })

  it('holds for the project dictionary', () => {
    expect(() => checkDictionary(readFileSync(join(REGS, 'dict.txt'), 'utf8'), 'dict.txt')).not.toThrow()
  })
})
