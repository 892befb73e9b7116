/**
 * The learned answerability check: the bank reader refuses what does not fit (with file and line),
 * training is deterministic and separates the kinds on hand-written examples, and the answerer
 * combines it with the evidence as the policy says (refuse when sure; when in doubt only if no
 * sentence holds the specific fact asked; never for a bare article reference; not at all in `rules`).
 * A neighbouring field's term that no text found contains gives the no-basis reply.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, ExtractiveAnswerer } from '../../../rag/answer/answerer.js'
import { type BankItem, type Classifier, LABELS, type Label, loadBank, trainClassifier } from '../../../rag/answer/classifier.js'
import { RULES, TERMS, fixtureKnowledge, tempDir } from '../../helpers/kb.js'

const line = (o: object) => JSON.stringify(o)

function bankDir(files: Record<string, string[]>): string {
  const dir = join(tempDir(), 'bank')
  mkdirSync(dir)
  for (const [f, lines] of Object.entries(files)) writeFileSync(join(dir, f), `${lines.join('\n')}\n`)
  return dir
}

describe('loadBank', () => {
  it('reads every .jsonl of the folder and maps the answerable flag and the category to a label', () => {
    const dir = bankDir({
      'a.jsonl': [line({ id: 'a1', question: '线索处置要几天', answerable: true, category: 'chat' })],
      'b.jsonl': [line({ id: 'b1', question: '食堂今天吃什么', answerable: false, category: 'everyday' }), '', line({ id: 'b2', question: '帮我写个讲话稿', answerable: false, category: 'task' })],
      'notes.txt': ['not read'],
    })
    expect(loadBank(dir).map((b) => [b.id, b.label])).toEqual([
      ['a1', 'answerable'],
      ['b1', 'chitchat'],
      ['b2', 'task'],
    ])
  })

  it('names the file and line of every line that does not fit, and refuses a repeated id', () => {
    const dir = bankDir({
      'x.jsonl': ['{"id": "x1", "question": "缺少答案标记"}', 'not json', line({ id: 'x3', question: '问题', answerable: false, category: 'weather' })],
    })
    expect(() => loadBank(dir)).toThrow(/3 处错误[\s\S]*x\.jsonl 第 1 行[\s\S]*x\.jsonl 第 2 行不是有效的 JSON[\s\S]*x\.jsonl 第 3 行：类别“weather”/)
    const dup = bankDir({ 'y.jsonl': [line({ id: 'y1', question: '问题一', answerable: true, category: 'chat' }), line({ id: 'y1', question: '问题二', answerable: true, category: 'chat' })] })
    expect(() => loadBank(dup)).toThrow(/编号 y1 重复/)
  })
})

// Hand-written, in the shape of the bank: a few of each kind.
const TOY: BankItem[] = [
  ...['谈话函询要多少个工作日回复', '线索处置意见多久提出', '立案审查需要谁批准', '留置最长多长时间', '收了购物卡给什么处分', '党员违规借车怎么定性', '审理意见多久提出', '初步核实要制定方案吗'].map((question, i) => ({ id: `t${i}`, question, label: 'answerable' as Label })),
  ...['留置点的伙食一天多少钱', '谈话室墙面用什么材料', '处分决定书用几号字', '巡察组一般配几辆车'].map((question, i) => ({ id: `f${i}`, question, label: 'fact-lacking' as Label })),
  ...['帮我写一篇学习心得', '把这段话翻译成英文', '起草一个会议通知'].map((question, i) => ({ id: `k${i}`, question, label: 'task' as Label })),
  ...['你觉得老张这人怎么样', '明年反腐形势会怎样'].map((question, i) => ({ id: `o${i}`, question, label: 'opinion' as Label })),
]

describe('trainClassifier', () => {
  it('learns the hand-written kinds and gives the same weights for the same bank', () => {
    const m = trainClassifier(TOY)
    expect(m.size).toBe(TOY.length)
    expect(m.predict('帮我写一篇读书心得').label).toBe('task')
    expect(m.predict('函询回复要多少个工作日').label).toBe('answerable')
    const p = m.predict('留置点的伙食标准一天多少钱')
    expect(p.unanswerable).toBeGreaterThan(0.5)
    expect(Object.keys(p.p).sort()).toEqual([...LABELS].sort())
    expect(Object.values(p.p).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6)
    expect(trainClassifier(TOY).predict('留置点的伙食标准一天多少钱')).toEqual(p)
  })
})

/** A classifier that says the same of every question. */
const fixed = (unanswerable: number, label: Label = 'neighbour'): Classifier => ({
  size: 1,
  predict: () => {
    const p = Object.fromEntries(LABELS.map((l) => [l, 0])) as Record<Label, number>
    p.answerable = 1 - unanswerable
    p[label] = unanswerable
    return { label: unanswerable > 0.5 ? label : 'answerable', p, unanswerable }
  },
})

let kb: Awaited<ReturnType<typeof fixtureKnowledge>>
beforeAll(async () => {
  kb = await fixtureKnowledge()
})
const answererWith = (c: Classifier, mode: 'both' | 'rules' | 'learned' = 'both') =>
  new ExtractiveAnswerer(kb.retriever, { rules: RULES, terms: TERMS, classifier: c, policy: { ...DEFAULT_POLICY, answerability: { ...DEFAULT_POLICY.answerability, mode } } })

describe('the learned check in the answerer', () => {
  const q = '被函询人收到函件后多少个工作日内要书面说明？'

  it('answers when the classifier does not doubt', async () => {
    expect((await answererWith(fixed(0.1)).answer(q)).kind).toBe('answer')
  })

  it('refuses when it is sure, naming the kind of question when no specific fact was asked', async () => {
    const a = await answererWith(fixed(0.97, 'opinion')).answer('你怎么看示例单位纪检组织的工作？')
    expect(a.kind).toBe('no-basis')
    expect(a.text).toMatch(/^这个问题属于个人看法、评价或预测/)
  })

  it('when in doubt, keeps an answer whose sentence holds the asked fact, and refuses one whose evidence does not', async () => {
    const doubt = DEFAULT_POLICY.answerability.doubt + 0.05
    const a = await answererWith(fixed(doubt)).answer(q)
    expect(a.kind).toBe('answer')
    expect(a.text.split('\n')[0]).toMatch(/15个工作日/)
    expect((await answererWith(fixed(doubt)).answer('示例单位纪检组织的工作要注意什么？')).kind).toBe('no-basis')
  })

  it('never refuses a bare article reference, and does nothing in the rules mode', async () => {
    expect((await answererWith(fixed(0.99)).answer('示例纪检工作规则第五条')).kind).toBe('answer')
    expect((await answererWith(fixed(0.99), 'rules').answer(q)).kind).toBe('answer')
  })
})

describe('a neighbouring field', () => {
  it('gets the no-basis reply naming its term when no text found contains it', async () => {
    const a = await answererWith(fixed(0), 'rules').answer('被函询人后来被取保候审了，取保期间能不能离开本县？')
    expect(a.kind).toBe('no-basis')
    expect(a.kind === 'no-basis' && a.missing).toBe('法规中没有关于“取保候审”的规定。')
    expect(a.text).toMatch(/相邻领域/)
  })

  it('lists the terms a question names, and none in a question of the domain', () => {
    expect(RULES.neighbourTerms('审查起诉期限多长，二审呢，缓刑考验期能出省吗')).toEqual(['审查起诉期限', '二审', '缓刑'])
    expect(RULES.neighbourTerms('谈话函询要多少个工作日回复')).toEqual([])
  })
})
