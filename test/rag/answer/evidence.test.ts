/**
 * Whether a candidate article holds what is asked, and the first line cut from it. Articles and
 * questions written for the test.
 */
import { describe, expect, it } from 'vitest'
import { askedOf } from '../../../rag/query/asked.js'
import { type Candidate, checkPart, focusTermsOf, sentencesOf, topicShare } from '../../../rag/answer/evidence.js'
import { missingLine, shorten } from '../../../rag/answer/lead.js'

const TERMS = { words: ['谈话函询', '留置', '冻结', '审理', '纪委'].sort((a, b) => b.length - a.length), variants: new Map([['冻结', ['冻住']]]) }
const SYN = new Map([['一把手', ['主要负责人']]])
const check = (q: string, c: Candidate[]) => checkPart(askedOf(q).main, c, SYN, undefined, TERMS)

const LIUZHI: Candidate = { id: 'x#1', text: '第一条 留置时间不得超过三个月。特殊情况下，可以延长一次，延长时间不得超过三个月。省级以下监察机关延长留置时间的，应当报上一级监察机关批准。' }
const GUANHU: Candidate = { id: 'x#2', text: '第二条 采取管护措施的，应当在七日以内依法作出留置或者解除管护的决定。' }
const NOTIFY: Candidate = { id: 'x#3', text: '第三条 采取留置措施后，应当在二十四小时以内通知被留置人员所在单位和家属。' }
const SHENLI: Candidate = { id: 'y#4', text: '第四条 审理工作应当在受理之日起一个月内完成，重大复杂案件经批准可以适当延长。' }
const XINFANG: Candidate = { id: 'z#5', text: '第五条 信访事项应当在六十日内办结；情况复杂的，经本机关负责人批准，可以延长，延长期限不得超过三十日。' }
const HANXUN: Candidate = { id: 'y#6', text: '第六条 对下一级党委主要负责人谈话函询的，应当报纪委主要负责人批准。' }

describe('the evidence check', () => {
  it('finds the sentence that holds a time limit about the topic, not the neighbouring measure\'s', () => {
    const e = check('留置最长多久？', [GUANHU, LIUZHI])
    expect(e.status).toBe('holds')
    expect(e.best?.id).toBe('x#1')
    expect(e.best?.sentence.text).toBe('留置时间不得超过三个月。')
  })

  it('finds the approver, through the lexicon when the question says 一把手', () => {
    const e = check('要对下一级党委一把手谈话函询，得谁批？', [NOTIFY, HANXUN])
    expect(e.status).toBe('holds')
    expect(e.best?.id).toBe('y#6')
  })

  it('a time-limit question whose articles state no number of days holds nothing', () => {
    const noDays: Candidate = { id: 'y#7', text: '第七条 初步核实工作结束后，核查组应当撰写初步核实情况报告，及时报告审批。' }
    expect(check('初步核实一般要几天？', [noDays]).status).not.toBe('holds')
  })

  it('"最晚多少小时内" asks for a number: "及时" does not hold it', () => {
    const soon: Candidate = { id: 'y#9', text: '第九条 解除留置的，应当及时通知被留置人员所在单位和家属。' }
    expect(check('解除留置以后，最晚多少小时内要通知单位和家属？', [soon]).status).not.toBe('holds')
    expect(check('解除留置以后，最晚多少小时内要通知单位和家属？', [soon, NOTIFY]).best?.id).toBe('x#3')
  })

  it('an article on another procedure does not answer, however many words it shares', () => {
    // The 信访 article has the extension and the approver; the question is about 审理.
    const e = check('审理一个月弄不完，延期要报谁批？', [XINFANG])
    expect(e.status).not.toBe('holds')
    expect(check('审理一个月弄不完，延期要报谁批？', [XINFANG, SHENLI]).best?.id).toBe('y#4')
  })

  it('an amount, a format or a rank the texts never state is absent, whatever the topic', () => {
    expect(check('留置期间伙食标准是多少钱？', [LIUZHI, NOTIFY]).status).toBe('absent')
    expect(check('留置决定书用什么字体字号？', [LIUZHI, { id: 'x#8', text: '第八条 留置决定书应当加盖监察机关印章。' }]).status).toBe('absent')
    expect(check('审理室主任一般什么级别？', [SHENLI]).status).not.toBe('holds')
  })

  it('a sentence that leaves the matter to other rules holds no datum, and a vendor must be named', () => {
    const place: Candidate = { id: 'x#9', text: '第九条 留置场所的建设和管理依照国家有关规定执行。' }
    expect(check('我们市的留置场所建在什么地方？', [place]).status).not.toBe('holds')
    // The same subject with a place the text does state holds.
    const room: Candidate = { id: 'x#10', text: '第十条 讯问被留置人员，应当在留置场所进行。' }
    expect(check('讯问被留置人员在什么地方进行？', [room]).status).toBe('holds')
    // "接待场所" is a place, not the company that built the reporting platform.
    const visit: Candidate = { id: 'x#11', text: '第十一条 检举控告人可以到纪委指定的接待场所当面反映，也可以通过举报网站反映。' }
    expect(check('纪委的举报网站是哪家公司做的？', [visit]).status).not.toBe('holds')
  })

  it('names the domain\'s specific terms of a topic, not organs or words of every case', () => {
    expect(focusTermsOf('县纪委想冻结他的账户', TERMS)).toEqual(['冻结'])
    // A colloquial variant names its formal term.
    expect(focusTermsOf('让银行冻住的账户', TERMS)).toEqual(['冻结'])
  })

  it('counts a colloquial word as found when its rule wording is there', () => {
    expect(topicShare('一把手', '应当报主要负责人批准', SYN)).toBe(1)
    expect(topicShare('一把手', '应当报上一级批准', SYN)).toBe(0)
  })

  it('reads a topic against the lexicon it is given, not one seen before for the same topic', () => {
    // The topic's units are remembered per lexicon: the same topic under another lexicon is read afresh.
    expect(topicShare('一把手', '应当报主要负责人批准', SYN)).toBe(1)
    const other = new Map([['一把手', ['党组书记']]])
    expect(topicShare('一把手', '应当报主要负责人批准', other)).toBe(0)
    expect(topicShare('一把手', '应当报党组书记批准', other)).toBe(1)
    // Without a lexicon a topic is its bigrams alone.
    expect(topicShare('留置期限', '留置期限为三个月', new Map())).toBe(1)
    expect(topicShare('留置期限', '期限为三个月', new Map())).toBeLessThan(1)
  })

  it('reads list items with their lead and their list', () => {
    const s = sentencesOf('第九条 处分的期间为：\n（一）警告，六个月；\n（二）记过，十二个月。')
    expect(s[1]).toMatchObject({ text: '（一）警告，六个月；', lead: '处分的期间为：' })
    expect(s[1]?.items).toHaveLength(2)
  })
})

describe('the first line', () => {
  it('keeps the clause with the fact and the subject, cut at clause bounds', () => {
    const long = { text: '对于需要采取管护或者留置措施的被调查人，经过审批以后，在依照规定办理有关手续并做好各项安全保障的前提下，留置时间不得超过三个月，自向被留置人员宣布之日起算，特殊情况另行处理。' }
    const line = shorten(long, /三个月/, 60)
    expect(line).toMatch(/三个月/)
    expect(line.length).toBeLessThanOrEqual(70)
    expect(line).toMatch(/。$/)
  })

  it('shows a short list whole with its lead', () => {
    const [, item] = sentencesOf('第九条 处分的期间为：\n（一）警告，六个月；\n（二）记过，十二个月。')
    expect(shorten(item as never, undefined)).toBe('处分的期间为：警告，六个月；记过，十二个月。')
  })

  it('says what was not found', () => {
    expect(missingLine(askedOf('留置期间伙食标准是多少？').main)).toBe('法规中没有规定“留置期间的伙食标准”。')
    expect(missingLine(askedOf('初步核实一般要多长时间？').main)).toBe('法规中没有找到“初步核实”的期限规定。')
  })
})
