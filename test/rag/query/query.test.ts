import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSynonyms } from '../../../rag/query/expand.js'
import { MAX_QUESTION_CHARS, type QueryContext, analyzeQuery, cleanQuestion, focusOf, namedSources, questionTerms, stripNames } from '../../../rag/query/query.js'
import { BIGRAM_PREFIX, createTokenizer } from '../../../rag/index/tokenize.js'
import { REGS } from '../../helpers/kb.js'

const tokenizer = createTokenizer({ dictFiles: [join(REGS, 'dict.txt')] })
const ctx: QueryContext = {
  tokenizer,
  synonyms: loadSynonyms(join(REGS, 'synonyms.json')),
  names: ['纪律处分条例', '监察法', '规则'].sort((a, b) => b.length - a.length),
  sourcesNamed: (n) => (n.includes('纪律处分条例') ? ['jilv-chufen-tiaoli-2023'] : n.includes('监察法') ? ['jianchafa-2024'] : []),
  today: '2026-12-02',
  weights: { bigram: 0.35, expansion: 0.5, focus: 1.5 },
}

describe('cleanQuestion', () => {
  it('drops mentions and control characters and caps the length', () => {
    expect(cleanQuestion('@纪检助手\u2005留置\u0000多久？')).toBe('留置多久？')
    expect(cleanQuestion('问'.repeat(5000)).length).toBe(MAX_QUESTION_CHARS)
  })
})

describe('focusOf', () => {
  it('takes the last short line of a long case description as the asking sentence', () => {
    const q = `${'某乡镇干部张某在任职期间多次接受辖区企业老板宴请并收受礼品，案发后主动交代。'.repeat(4)}\n这种情况怎么定性？`
    expect(focusOf(q)).toBe('这种情况怎么定性？')
  })
  it('has no asking sentence in a short question', () => {
    expect(focusOf('留置最长多久？')).toBeUndefined()
  })
})

describe('analyzeQuery', () => {
  it('leaves the frame words of a question about a non-party public servant out of its terms', () => {
    // 政务处分 and 公务员 match the general articles of every sanction law; the behaviour is the query.
    const a = analyzeQuery('非党员公务员下班常在棋牌室打牌赌钱，给啥政务处分？', ctx)
    expect(a.frame).toBe('gov')
    expect([...a.terms.keys()]).toContain('棋牌室')
    expect([...a.terms.keys()].some((t) => /政务|公务员|党员/.test(t))).toBe(false)
    // A party member's question keeps its words.
    expect([...analyzeQuery('党员跟人搞婚外情，怎么处分', ctx).terms.keys()]).toContain('党员')
  })

  it('finds a bare reference', () => {
    const a = analyzeQuery('监察法第48条', ctx)
    expect(a.ref?.article).toBe(48)
    expect(a.bare).toBe(true)
    // A reference inside a question is not bare: the rest of the question still matters.
    expect(analyzeQuery('监察法第48条说的留置期限能延长几次', ctx).bare).toBe(false)
  })

  it('names the regulation to look in and leaves its words out of the terms', () => {
    const a = analyzeQuery('《纪律处分条例》对收受礼品怎么规定？', ctx)
    expect([...a.named]).toEqual(['jilv-chufen-tiaoli-2023'])
    // Why: a title word present in every article of the regulation would drown the one that answers.
    expect(a.terms.has('条例')).toBe(false)
    expect(a.terms.has('礼品')).toBe(true)
  })

  it('reads the intent and the case date', () => {
    expect(analyzeQuery('收了管理对象两条烟算违纪吗', ctx).intents).toContain('qualify')
    expect(analyzeQuery('初步核实一般要多长时间？', ctx).intents).toContain('limit')
    const c = analyzeQuery('2019年3月，某科长收受购物卡，按哪条处理？', ctx)
    expect(c.caseDate?.date).toBe('2019-03')
  })

  it('uses the follow-up sentence as the asking sentence', () => {
    const a = analyzeQuery('留置的审批 还要通知家属吗', ctx, '还要通知家属吗')
    expect(a.focus).toBe('还要通知家属吗')
    expect(a.focusTerms.has('通知')).toBe(true)
    expect(a.titleTerms).toBe(a.focusTerms)
  })

  it('is a pure function of the question and the context', () => {
    const q = '科长向企业老板借钱一直不还，怎么处理？'
    expect(analyzeQuery(q, ctx)).toEqual(analyzeQuery(q, ctx))
  })
})

describe('questionTerms', () => {
  it('weighs words 1, bigrams less, and a repeated word by the square root of its count', () => {
    const w = questionTerms('留置 留置 留置 留置 留置', ctx)
    // Five repeats count as four at most: sqrt(4) = 2.
    expect(w.get('留置')).toBeCloseTo(2)
    expect(w.get(`${BIGRAM_PREFIX}留置`)).toBeCloseTo(0.35 * 2)
  })
  it('adds the rules\' wording for colloquial words at the expansion weight', () => {
    const w = questionTerms('一把手', ctx)
    // Two expansions of 一把手 both say 主要负责人: sqrt(2) × 0.5, still below a word of the question.
    expect(w.get('主要负责人')).toBeCloseTo(0.5 * Math.SQRT2)
    expect(w.get('一把手')).toBe(1)
  })
})

describe('named regulations', () => {
  it('strips names of three characters or more, and anything in 《》', () => {
    expect(stripNames('《规则》和监察法都说了', ctx.names)).toBe(' 和 都说了')
    expect([...namedSources('监察法和纪律处分条例哪个管', ctx)].sort()).toEqual(['jianchafa-2024', 'jilv-chufen-tiaoli-2023'])
  })
})

describe('topical regulations and quiz items', () => {
  const withTopics: QueryContext = { ...ctx, topics: [['问责', '问责条例']], sourcesNamed: (n) => (n === '问责条例' ? ['wenze-tiaoli-2016'] : ctx.sourcesNamed(n)) }

  it('looks in the regulation whose topic the question is about, when it names none', () => {
    expect([...analyzeQuery('问责一般有哪几种方式', withTopics).topical]).toEqual(['wenze-tiaoli-2016'])
    // A named regulation says where to look: the topic adds nothing.
    expect(analyzeQuery('监察法里的问责怎么规定', withTopics).topical.size).toBe(0)
    expect(analyzeQuery('留置最长多久', withTopics).topical.size).toBe(0)
  })

  it('recognises a quiz item by its form', () => {
    expect(analyzeQuery('监督执纪工作实行（ ）负责制。', ctx).quiz).toBe(true)
    expect(analyzeQuery('下列说法正确的是', ctx).quiz).toBe(true)
    expect(analyzeQuery('留置最长多久？', ctx).quiz).toBe(false)
  })
})
