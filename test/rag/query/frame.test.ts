/**
 * The frame of a question (who the person is for the sanction system, and the words that only ask
 * for a qualification) and the colloquial ways of asking for one.
 */
import { describe, expect, it } from 'vitest'
import { frameOf, stripFrame } from '../../../rag/query/frame.js'
import { intentsOf } from '../../../rag/query/intent.js'

describe('frameOf', () => {
  it('reads a non-party public servant, or a question asking for a 政务处分, as the public-servant frame', () => {
    expect(frameOf('非党员的科员收了两千块购物卡，咋处理？')).toBe('gov')
    expect(frameOf('村委会主任不是党员，强占村民承包地怎么办')).toBe('gov')
    expect(frameOf('窗口人员吃拿卡要，政务处分按哪条？')).toBe('gov')
  })

  it('reads a party member, or a question asking for a 党纪处分, as the party frame', () => {
    expect(frameOf('党员局长请风水先生看办公室，归哪条？')).toBe('party')
    expect(frameOf('镇党委书记借钱修广场搞面子工程')).toBe('party')
    expect(frameOf('收了红包给什么党纪处分')).toBe('party')
  })

  it('leaves the frame open when the question asks about both systems or says nothing', () => {
    // Both systems named: the question is about how they fit together, not about one of them.
    expect(frameOf('是否必须在移送起诉前作出党纪、政务处理？')).toBeUndefined()
    expect(frameOf('开公车送孩子上学算不算违纪')).toBeUndefined()
  })

  it('reads a state-owned enterprise manager who is not a party member as the SOE frame', () => {
    expect(frameOf('国企经理不是党员，收了供应商回扣')).toBe('soe')
  })
})

describe('stripFrame', () => {
  it('keeps the behaviour and drops the asking words and, for a public servant, the status words', () => {
    const s = stripFrame('非党员公务员下班常在棋牌室打牌赌钱，给啥政务处分？')
    expect(s).toContain('棋牌室打牌赌钱')
    expect(s).not.toMatch(/非党员|公务员|政务处分|给啥/)
  })

  it('keeps a negation that is part of the behaviour, and strips a kind of answer whole', () => {
    // "违规不报告" is the behaviour; "违纪吗" at the end only asks.
    expect(stripFrame('非党员公务员违规不报告个人事项，咋处理')).toContain('违规不报告个人事项')
    expect(stripFrame('非党员公务员违规没收群众财物，违纪吗？')).toContain('违规没收群众财物')
    expect(stripFrame('非党员公务员收了购物卡，属于哪种处分？')).not.toMatch(/种|处分/)
    expect(stripFrame('非党员科员收了钱，按哪一条处理？')).not.toMatch(/一条|处理/)
  })

  it('does not take "是不是党员" for either', () => {
    expect(frameOf('他是不是党员都要处分吗')).toBeUndefined()
  })

  it("keeps a party member's 党员: the 条例's articles speak of 党员", () => {
    expect(stripFrame('党员跟人搞婚外情，怎么处分')).toContain('党员跟人搞婚外情')
  })
})

describe('intentsOf, colloquial ways of asking for a qualification', () => {
  it.each([
    '党员干部跟掮客称兄道弟，算啥问题？',
    '请风水先生来办公室看风水，归哪条？',
    '在省城张罗老乡联谊，违纪不？',
    '科室聚餐让饭店开成会议费报了，算啥？',
    '护照交在单位又偷办一本出国，咋处理？',
    '在公司挂个顾问的名，公务员能这么干吗？',
    '县长对儿子不管不问，本人要担什么纪律责任？',
    '非党员科员打牌赌钱，给啥政务处分？',
    '让下属帮着刷学习积分，算形式主义吗？',
    // "怎么算" about conduct, not after a quantity, is still a qualification.
    '把公家的钱借给亲戚周转，这怎么算？',
  ])('"%s" asks for a qualification', (q) => {
    expect(intentsOf(q)).toContain('qualify')
  })

  it.each([
    '退休的副县长这事归哪一级监委管？',
    '留置期间生病了怎么办？',
    '严重违纪又涉嫌犯罪的，是先给党纪处分还是先移送司法？',
    '监察法规定哪些留置条件',
    '确定哪些人参加谈话',
    '公职人员被立案后按什么程序审理',
    '这事属于哪个纪委管',
    '问题不大的线索怎么处置',
    // A calculation after a quantity: how days or pay are counted, not how conduct is qualified.
    '病假天数是怎么算的？',
    '借调期间的工龄怎么算',
  ])('"%s" does not', (q) => {
    // Jurisdiction, a procedural "怎么办", and the order of two procedures are not qualifications.
    expect(intentsOf(q)).not.toContain('qualify')
  })
})
