import { describe, expect, it } from 'vitest'
import { type ArticleSource, type ArticleText, checkItem, duplicateStems } from '../../../../bot/office/quiz/check.js'
import { generateItems, type GenArticle } from '../../../../bot/office/quiz/generate.js'
import { type QuizItem, isCorrect, readAnswer } from '../../../../bot/office/quiz/model.js'

// Articles written for the tests, in the shape of a regulation.
const A: Record<string, string> = {
  'shili#5': '第五条 被函询人应当在收到函件后十五个工作日内作出书面说明，由其所在单位主要负责人签署意见后回复。',
  'shili#7': '第七条 审理部门应当在受理案件之日起一个月内提出审理意见，情况复杂的，经本级纪检组织主要负责人批准，可以延长一个月。',
  'shili#8': '第八条 违纪党员对处分决定不服的，可以在收到决定之日起三个月内提出申诉。',
  'shili#9': '第九条 收受礼品礼金的，给予警告或者严重警告处分；情节较重的，给予撤销党内职务或者留党察看处分；情节严重的，给予开除党籍处分。',
  'shili#10': '第十条 采取留置措施后，应当在二十四小时以内通知被留置人员所在单位和家属。',
}
const article = (id: string): ArticleText | undefined => (A[id] ? { id, text: A[id] as string, status: '现行有效', cite: `《示例规则》${id.split('#')[1]}条` } : undefined)
const src: ArticleSource = { article, siblings: () => Object.keys(A).map((k) => article(k) as ArticleText) }
const item = (o: Partial<QuizItem>): QuizItem => ({ id: 't1', type: 'fill', topic: '时限', stem: '被函询人收到函件后要在____内作出书面说明。', answer: '十五个工作日', explanation: '', basis: 'shili#5', ...o })

describe('checkItem', () => {
  it('accepts an item whose answer is in the cited article', () => {
    expect(checkItem(item({}), src)).toEqual([])
  })

  it('names each way an item can be wrong', () => {
    expect(checkItem(item({ basis: 'shili#99' }), src)[0]).toMatch(/不在知识库中/)
    expect(checkItem(item({ answer: '十个工作日' }), src)[0]).toMatch(/答案“十个工作日”在.*中找不到/)
    const choice = item({ type: 'single', stem: '申诉期限是多长？', options: ['一个月', '三个月', '六个月'], answer: 'D', basis: 'shili#8' })
    expect(checkItem(choice, src)).toContain('答案 D 不在选项中（只有 A、B、C）')
    // 一个月 is not in 第八条 but 三个月 is; a distractor that is also in the article makes two answers.
    const twoAnswers = item({ type: 'single', stem: '审理意见多久提出？', options: ['一个月', '三个月', '两个月'], answer: 'B', basis: 'shili#7' })
    const p = checkItem(twoAnswers, src).join('；')
    expect(p).toMatch(/正确选项 B“三个月”在.*中找不到/)
    expect(p).toMatch(/干扰项 A“一个月”也写在.*可能不止一个正确答案/)
    const judge = item({ type: 'judge', stem: '采取留置后应在十二小时以内通知家属。', answer: '错', fact: '二十四小时', wrong: '二十四小时', basis: 'shili#10' })
    expect(checkItem(judge, src).join()).toMatch(/判为“错”的说法“二十四小时”其实出现在/)
  })

  it('doubts the article number of an imported item that fits another article clearly better', () => {
    // The question is about 申诉 (第八条) but cites 第五条.
    const mislabelled = item({ type: 'fill', stem: '违纪党员对处分决定不服的，可以在收到决定之日起____内提出申诉。', answer: '十五个工作日', basis: 'shili#5' })
    expect(checkItem(mislabelled, src, { labelCheck: true }).join()).toMatch(/条号可能有误：题目内容更像《示例规则》8条/)
  })

  it('finds duplicate stems whatever their spacing and punctuation', () => {
    expect([...duplicateStems([{ id: 'a', stem: '留置最长多久？' }, { id: 'b', stem: '留置 最长多久' }])]).toEqual([['b', 'a']])
  })
})

describe('answers as members type them', () => {
  it('reads letters, 对/错 and fill-ins, and ignores chat', () => {
    expect(readAnswer('single', ' b ')).toBe('B')
    expect(readAnswer('multiple', 'C,A、D')).toBe('ACD')
    expect(readAnswer('single', '我觉得是B吧')).toBeUndefined()
    expect(readAnswer('judge', '√')).toBe('对')
    expect(readAnswer('judge', '错误')).toBe('错')
    expect(readAnswer('judge', '不知道')).toBeUndefined()
    expect(readAnswer('fill', '/帮助')).toBeUndefined()
    // A phone or ID number is never taken (it would be stored with the answers).
    expect(readAnswer('fill', '13800138000')).toBeUndefined()
    expect(readAnswer('fill', '张三 110101199001011234')).toBeUndefined()
    expect(readAnswer('fill', '十五个工作日')).toBe('十五个工作日')
    expect(isCorrect({ type: 'fill', answer: '三个月' }, '3个月')).toBe(true)
    expect(isCorrect({ type: 'multiple', answer: 'ACD' }, 'ACD')).toBe(true)
    expect(isCorrect({ type: 'multiple', answer: 'ACD' }, 'AC')).toBe(false)
  })
})

describe('generated items', () => {
  const arts: GenArticle[] = Object.keys(A).map((k) => ({ ...(article(k) as ArticleText), source: 'shili', short: '示例规则' }))
  const { items, stats } = generateItems(arts, src)

  it('keeps only items whose answer is in the article and whose distractors are not', () => {
    expect(items.length).toBeGreaterThan(4)
    for (const it of items) {
      const text = (A[it.basis] as string).replace(/\s/g, '')
      if (it.type === 'fill') expect(text).toContain(it.answer)
      if (it.type === 'single') {
        it.options?.forEach((o, i) => expect(text.includes(o)).toBe('ABCD'[i] === it.answer))
      }
      if (it.type === 'judge' && it.answer === '错') expect(text).not.toContain(it.wrong)
      expect(checkItem(it, src)).toEqual([])
    }
  })

  it('rejects a fact that occurs twice in its sentence (the blank would have two readings)', () => {
    // 第七条 says 一个月 twice in one sentence.
    expect(items.filter((i) => i.basis === 'shili#7' && i.answer === '一个月')).toEqual([])
    expect(stats.byRegulation.get('shili')?.rejected['fact-repeated']).toBeGreaterThan(0)
  })

  it('gives a continuation its lead sentence ("情节较重的" says of what)', () => {
    const heavy = items.find((i) => i.basis === 'shili#9' && /情节较重的/.test(i.stem))
    expect(heavy?.stem).toMatch(/收受礼品礼金的/)
  })

  it('is the same on every run', () => {
    expect(generateItems(arts, src).items).toEqual(items)
  })
})
