/**
 * Answers a person can use in a group: the behaviour catalogue as a field of its article, the
 * verdict first for 定性 questions, a short first message with the rest behind /详, passages only
 * when they are about the answer's provision, cards only when they are about the question, lookups
 * that never fall back to search, and no-basis by domain.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { renderAnswer } from '../../../bot/chat/render.js'
import { ExtractiveAnswerer, WEAK_NOTE, pairVersions, sanctionLadder } from '../../../rag/answer/answerer.js'
import type { Hit } from '../../../rag/types.js'
import { BehaviourCatalogue } from '../../../rag/data/behaviours.js'
import { intentBoost, intentsOf, traitsOf } from '../../../rag/query/intent.js'
import { HybridRetriever } from '../../../rag/rank/retriever.js'
import { RULES, copyKb, fixtureKnowledge } from '../../helpers/kb.js'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

// Everyday descriptions written for the fixture regulations (same shape as regulations/catalogue/).
const CATALOGUE = new BehaviourCatalogue([
  {
    regulation: 'shili-chufen-banfa',
    articles: [
      { article: 4, kind: 'violation', subject: '向管理对象借钱借车', says: ['找辖区老板周转了一笔钱一直没还', '开着企业老总的车上下班', '住在商人提供的房子里'], terms: ['借钱', '周转'] },
      { article: 5, kind: 'violation', subject: '收受礼品礼金', says: ['逢年过节收了下属送的购物卡', '老板塞了两条好烟', '收了企业送的土特产和红包'], terms: ['购物卡', '红包', '好烟'] },
    ],
  },
  {
    regulation: 'shili-guize-2020',
    articles: [{ article: 5, kind: 'procedure', subject: '函询回复期限', says: ['收到函件后要在多久内写说明', '函询回复最晚什么时候交'], terms: ['回函'] }],
  },
  // An article whose text the fixture knowledge base does not have.
  { regulation: 'jilv-chufen-tiaoli-2023', articles: [{ article: 102, kind: 'violation', subject: '公款吃喝', says: ['用公款请客吃饭喝酒', '拿单位的钱大吃大喝'], terms: ['公款吃喝', '大吃大喝'] }] },
])

let kb: Awaited<ReturnType<typeof fixtureKnowledge>>
let retriever: HybridRetriever
let answerer: ExtractiveAnswerer
beforeAll(async () => {
  kb = await fixtureKnowledge()
  const d = kb.deps
  retriever = new HybridRetriever({ index: kb.index, tokenizer: d.tokenizer, embeddings: d.embeddings, catalog: d.catalog, synonyms: new Map(), behaviours: CATALOGUE, today: () => '2026-11-21' })
  answerer = new ExtractiveAnswerer(retriever, { rules: RULES, behaviours: CATALOGUE })
})
const top = async (q: string) => (await retriever.retrieve(q, { filter: { kinds: ['article'] } })).map((h) => h.id as string)

describe('the behaviour catalogue as a field of its article', () => {
  it('reaches the article by everyday words its text does not use', async () => {
    // "好烟" and "塞" appear in no text: only 第5条's catalogue field says them (收受礼品).
    expect((await top('同学塞给我两条好烟，算违纪吗'))[0]).toBe('shili-chufen-banfa#5')
    const plain = new HybridRetriever({ ...((retriever as unknown as { d: ConstructorParameters<typeof HybridRetriever>[0] }).d), behaviours: undefined })
    expect((await plain.retrieve('同学塞给我两条好烟，算违纪吗', { filter: { kinds: ['article'] } }))[0]?.id).not.toBe('shili-chufen-banfa#5')
  })

  it('names an article the catalogue knows when its text is not in the knowledge base, instead of guessing', async () => {
    const a = await answerer.answer('单位领导经常用公款大吃大喝怎么处理')
    expect(a.kind).toBe('no-basis')
    expect(a.text).toMatch(/《中国共产党纪律处分条例（2023年修订）》第一百零二条（公款吃喝）/)
    expect(a.text).toMatch(/请导入官方文本/)
  })
})

describe('answers for a group', () => {
  it('leads a 定性 question with the verdict: discipline, article, sanction ladder', async () => {
    const a = await answerer.answer('收了下属送的购物卡算不算违纪，给什么处分？')
    expect(a.kind).toBe('answer')
    const first = a.text.split('\n')[0] as string
    expect(first).toMatch(/^定性参考：适用《示例单位纪律处分办法》第五条（收受礼品礼金）/)
    expect(first).toMatch(/处分幅度：警告；情节较重：撤销职务/)
  })

  it('keeps the first message short and puts the rest behind /详', async () => {
    const a = await answerer.answer('对下一级单位负责人谈话函询要谁批准？')
    // With the bot's hint line (rendered by bot/, in its own command syntax) still under ~520.
    const shown = renderAnswer(a).text
    expect(shown.length).toBeLessThanOrEqual(520)
    expect(a.kind === 'answer' && a.detail).toBeTruthy()
    expect(a.hints).toEqual(['detail', 'original'])
    expect(shown).toMatch(/回复“\/详”/)
    // rag/ writes no command syntax of the bot.
    expect(a.text).not.toMatch(/\/详|\/原文|\/条/)
  })

  it('shows practice passages only when they cite the provision the answer quotes', async () => {
    const a = await answerer.answer('收到函件后多长时间内要书面说明？')
    const detail = a.kind === 'answer' ? (a.detail ?? '') : ''
    // The only practice document of the fixture is about borrowing money: not shown under a 函询 answer.
    expect(detail).not.toMatch(/向管理服务对象借钱不还如何认定/)
  })

  it('parses a sanction ladder from the article text', () => {
    expect(sanctionLadder('……情节较重的，给予警告或者严重警告处分；情节严重的，给予撤销党内职务、留党察看或者开除党籍处分。')).toEqual(['情节较重：警告或者严重警告', '情节严重：撤销党内职务、留党察看或者开除党籍'])
  })
})

describe('lookups never fall back to search', () => {
  it('says what does not exist', async () => {
    expect((await answerer.lookupArticle('不存在法', 5)).text).toMatch(/没有找到名为“不存在法”的法规/)
    expect((await answerer.lookupArticle('示例纪检工作规则', 99)).text).toMatch(/中没有第99条/)
    expect((await answerer.lookupArticle('示例纪检工作规则', 6, 9)).text).toMatch(/没有第9款/)
  })

  it('quotes one 款 when asked for it', async () => {
    const a = await answerer.lookupArticle('示例纪检工作规则', 6, 1)
    expect(a.kind).toBe('answer')
    expect(a.text).toMatch(/第六条第1款/)
  })
})

describe('intent', () => {
  it('reads what a question asks for (pure)', () => {
    expect(intentsOf('收了管理对象两条烟算违纪吗')).toEqual(['qualify'])
    expect(intentsOf('初核一般要多长时间')).toEqual(['limit'])
    expect(intentsOf('立案要谁批')).toEqual(['procedure'])
    expect(intentsOf('你好')).toEqual([])
  })

  it('prefers articles of the matching kind', () => {
    // A 定性 question raises an article that names a sanction ladder, not a procedural one.
    const violation = traitsOf('收受礼品的，给予警告处分。')
    const procedure = traitsOf('纪检组织应当在5个工作日内登记。')
    expect(intentBoost(['qualify'], violation, 0.1)).toBeGreaterThan(intentBoost(['qualify'], procedure, 0.1))
    // A time-limit question raises the article that sets one.
    expect(intentBoost(['limit'], procedure, 0.1)).toBeGreaterThan(intentBoost(['limit'], violation, 0.1))
    expect(traitsOf('any text', 'violation')).toMatchObject({ violation: true, procedure: false })
  })
})

describe('pairVersions', () => {
  it('puts each provision\'s other version right after its first text, keeping the provisions\' order', () => {
    const hit = (id: string) => ({ id }) as unknown as Hit
    const cp: Record<string, string[]> = { 'a-2024#1': ['a-2018#1'], 'a-2018#1': ['a-2024#1'] }
    const out = pairVersions([hit('a-2024#1'), hit('b#2'), hit('a-2018#1'), hit('c#3')], (h) => cp[h.id as string] ?? [])
    expect(out.map((h) => h.id)).toEqual(['a-2024#1', 'a-2018#1', 'b#2', 'c#3'])
  })
})

describe('no-basis by domain', () => {
  it('refuses what the rules cannot answer, by what the question asks, whatever words it shares', () => {
    // Each kind once, in words written for this test.
    expect(RULES.outside('帮我写一篇纪律教育心得体会')).toMatch(/写作/)
    expect(RULES.outside('现任县纪委书记是谁')).toMatch(/人员、机构/)
    expect(RULES.outside('巡察组组长换人了吗')).toMatch(/人员、机构/)
    expect(RULES.outside('县监委的地址发我一下')).toMatch(/人员、机构/)
    expect(RULES.outside('听说某局长被留置了，是真的吗')).toMatch(/消息/)
    expect(RULES.outside('那个副市长的案子判了没有')).toMatch(/消息/)
    expect(RULES.outside('你估计明年会有多少干部被查')).toMatch(/统计|预测/)
    expect(RULES.outside('你觉得他年底能不能提拔')).toMatch(/统计|预测/)
    expect(RULES.outside('昨天被带走的那个处长是谁')).toMatch(/消息/)
    expect(RULES.outside('你觉得干纪检有前途吗')).toMatch(/看法/)
    expect(RULES.outside('办案系统登录不上怎么办')).toMatch(/技术/)
    expect(RULES.outside('年休假能休几天')).toMatch(/日常事务/)
    expect(RULES.outside('租房押金房东不退怎么办')).toMatch(/一般法律/)
    expect(RULES.outside('巡察办的座机谁有，发一下')).toMatch(/人员、机构/)
    expect(RULES.outside('那件事的处分结果出来没')).toMatch(/消息/)
    expect(RULES.outside('帮忙给讲话稿起几个标题')).toMatch(/写作/)
    expect(RULES.outside('调到纪委以后公积金怎么转')).toMatch(/日常事务/)
    expect(RULES.outside('平均每起案件查多少天')).toMatch(/统计/)
    // A question about the rules that happens to use the same words is not refused.
    expect(RULES.outside('我被诫勉谈话了，这算处理了吗？')).toBeUndefined()
  })

  it('does not take a case\'s facts for everyday or technical matters', () => {
    // A projector carried home, a rumour the official heard, a lie about a sick leave, a relative's
    // renovation done for free: conduct, not office life.
    expect(RULES.outside('党员干部把单位的投影仪搬回家用了一年，按哪条处理？')).toBeUndefined()
    expect(RULES.outside('局长早就听说弟弟打着他的旗号收钱，一直没制止，怎么定性？')).toBeUndefined()
    expect(RULES.outside('公职人员伪造病假条骗取带薪病休，怎么处理')).toBeUndefined()
    expect(RULES.outside('领导家里装修叫下属单位的施工队白干，算违纪吗')).toBeUndefined()
    expect(RULES.outside('有个党员醉驾被判了拘役，党籍还能保住吗')).toBeUndefined()
    expect(RULES.outside('收了红包怎么处理')).toBeUndefined()
  })

  it('answers only questions anchored in the domain, a quiz item on the rules among them', () => {
    expect(RULES.anchored('给我讲个笑话')).toBe(false)
    expect(RULES.anchored('周末去哪里旅游比较好')).toBe(false)
    expect(RULES.anchored('窗口上的小王给群众办证老是拖着')).toBe(true)
    expect(RULES.anchored('监督执纪工作实行（ ）负责制。')).toBe(true)
    // Misconduct, or a question asking how to qualify something, is the domain whoever did it.
    expect(RULES.anchored('镇里让人把产值往上多报了一截，算什么问题？')).toBe(true)
  })

  it('answers a question in the domain even on thin evidence, marked as possibly relevant', async () => {
    expect(RULES.judge({ question: '谈话函询的事', coverage: 0.05 }).support).toBe('weak')
    expect(RULES.judge({ question: '谈话函询的事', coverage: 0.5 }).support).toBe('answer')
    expect(RULES.judge({ question: '今天吃什么', coverage: 0.9 }).support).toBe('none')
    expect(RULES.judge({ question: '帮我写个总结', coverage: 0.9 })).toMatchObject({ support: 'none', outside: '写作、翻译等任务' })
    expect(RULES.judge({ question: '监察法第48条', coverage: 0, lookup: true }).support).toBe('answer')
    expect(WEAK_NOTE).toMatch(/可能相关/)
  })
})

describe('no-basis when the texts found do not hold the asked fact', () => {
  it('a neighbouring field\'s term that only a practice document mentions is still that field\'s question', async () => {
    const kb = copyKb()
    writeFileSync(
      join(kb, 'documents', 'yisong-tihui.md'),
      '---\ntitle: 移送审理阶段工作体会\ndate: 2022-03-01\nissuer: 示例县纪委\n---\n\n案件移送后，有的被审查人家属询问能否取保候审，审理部门应当告知其依法向有关机关提出。审理部门在受理案件之日起一个月内提出审理意见。\n',
    )
    const { answerer } = await fixtureKnowledge(kb)
    const a = await answerer.answer('审理部门受理案件以后，被审查人能不能申请取保候审？')
    expect(a.kind).toBe('no-basis')
    expect(a.text).toContain('取保候审')
  })

  it('a time limit asked with no subject of its own is not refused for want of one', async () => {
    const { answerer } = await fixtureKnowledge()
    // "办下来要几天" names nothing, and the clause read with it ("县纪委自己办") is not the matter
    // either: the texts may well hold the days, so the reply is an answer, not "no basis".
    const a = await answerer.answer('群众来信要登记编号，我们县纪委自己办。办下来要几天？')
    expect(a.kind).toBe('answer')
    expect(a.text).toContain('5个工作日内登记编号')
  })
})

describe('the first line of an answer', () => {
  /** The fixture knowledge with one more regulation in force (a file of articles and its manifest entry). */
  const withRegulation = async (file: string, title: string, articles: string) => {
    const kb = copyKb()
    writeFileSync(join(kb, 'regulations', file), `# ${title}\n\n${articles}`)
    const manifest = JSON.parse(readFileSync(join(kb, 'manifest.json'), 'utf8')) as unknown[]
    manifest.push({ file: `regulations/${file}`, kind: 'regulation', title, version_or_date: '2022-01-01施行', issuer: '示例单位纪委', status: '现行有效' })
    writeFileSync(join(kb, 'manifest.json'), JSON.stringify(manifest))
    return (await fixtureKnowledge(kb)).answerer
  }

  it('keeps a time limit\'s extension, written as the next sentence of its article, with it', async () => {
    const answerer = await withRegulation('shili-hecha-banfa-2022.md', '示例核查办法（2022年）', '第一条 核查组应当自成立之日起三十日内完成核查。情况复杂的，经本级纪检组织负责人批准，可以延长十五日。\n\n第二条 核查结束后，核查组应当撰写核查报告。\n')
    const first = (await answerer.answer('核查组成立以后多少天内要完成核查？')).text.split('\n')[0]
    expect(first).toContain('三十日内完成核查')
    expect(first).toContain('可以延长十五日')
  })

  it('keeps the exception that lifts a prohibition with an approval, and answers "能不能" with what may not be done', async () => {
    const answerer = await withRegulation(
      'shili-laixin-banfa-2022.md',
      '示例来信办法（2022年）',
      '第一条 对匿名来信，承办人员应当登记并在三日内提出办理意见，不得擅自比对写信人的笔迹。对写信人涉嫌诬告的，确有需要比对笔迹的，应当经本级纪检组织负责人批准。\n\n第二条 办理匿名来信，应当告知被反映人所反映的问题并听取其说明，不得因其说明而从重处理。\n',
    )
    const first = (await answerer.answer('纪委收到一封匿名来信，能不能比对写信人的笔迹？')).text.split('\n')[0]
    expect(first).toContain('不得擅自比对')
    expect(first).toContain('经本级纪检组织负责人批准')
    // The duty to hear the person is the article's first sentence; the prohibition answers the question.
    const second = (await answerer.answer('纪委办理匿名来信，被反映人说明情况时态度很差，能不能因为这个从重处理他？')).text.split('\n')[0]
    expect(second).toContain('不得因其说明而从重处理')
  })
})
