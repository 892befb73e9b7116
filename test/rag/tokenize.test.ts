import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HashingEmbeddings } from '../../rag/embedding.js'
import { expansions, loadSynonyms } from '../../rag/expand.js'
import { BIGRAM_PREFIX, createTokenizer } from '../../rag/tokenize.js'
import { REGS } from '../helpers/kb.js'

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
