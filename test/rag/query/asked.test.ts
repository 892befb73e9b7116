/**
 * What a question asks: the kind of fact and its topic, per asking clause. Examples written for the
 * test (not taken from any evaluation set).
 */
import { describe, expect, it } from 'vitest'
import { askedFollowUp, askedOf, askingText, focusLabel } from '../../../rag/query/asked.js'

const kinds = (q: string) => askedOf(q).parts.map((p) => p.kind)

describe('the kind of fact asked', () => {
  it.each([
    ['被留置人员一天的伙食费标准是多少', 'amount'],
    ['检举有功的奖金发多少钱', 'amount'],
    ['处分决定书用什么字体', 'format'],
    ['谈话笔录要一式几份', 'format'],
    ['派驻组组长一般是什么级别', 'rank'],
    ['县委巡察组配多少人', 'count'],
    ['纪委全会每年几月开', 'date'],
    ['常委会多久开一次', 'date'],
    ['谈话地点设在哪里', 'person-place'],
    ['收到线索后多久要提出处置意见', 'time-limit'],
    ['延长留置要谁批准', 'approver'],
    ['技术调查措施审批要报到哪一级', 'approver'],
    ['初核的时候能不能搜查', 'condition'],
    ['立案以后第一步干什么', 'procedure'],
    ['这件事归哪一级纪委管', 'procedure'],
    ['核查组里党员得有几个以上', 'count'],
    ['这种信访件我们受不受理？', 'condition'],
    ['单位的公车周末能借吗？', 'condition'],
    ['受了撤职的政务处分，党内处分最低给到哪一档', 'sanction'],
  ])('%s → %s', (q, kind) => {
    expect(askedOf(q).main.kind).toBe(kind)
  })

  it('reads a 定性 question as one, whatever sanction words it uses', () => {
    expect(kinds('科长收了老板的购物卡，给什么处分？')).toEqual(['qualify'])
    expect(kinds('党员干部打麻将带彩，算违纪吗')).toEqual(['qualify'])
  })

  it('keeps each part of a two-part question, in order', () => {
    expect(kinds('延长留置找谁批，最多延长几个月？')).toEqual(['approver', 'time-limit'])
    expect(kinds('处分决定多久宣布？宣布时要不要本人在场？')).toEqual(['time-limit', 'condition'])
  })

  it('does not take the story\'s numbers or words for the question', () => {
    // "过了几天" and "几个党员" tell the story; the last sentence asks.
    expect(kinds('老张收了礼。过了几天又退回去了。这算啥问题？')).toEqual(['qualify'])
    expect(kinds('村里几个党员牵头去闹访，这个按哪条处理？')).toEqual(['qualify'])
    expect(askingText('老张收了礼。过了几天又退回去了。这算啥问题？')).toBe('这算啥问题？')
  })

  it('reads a last sentence that asks without its question mark', () => {
    // The question mark after the first ask, none after the second: both ask.
    expect(kinds('线索已经初核完了。能直接立案吗？立案要走啥手续')).toEqual(['condition', 'procedure'])
    // A last sentence that does not ask stays the story.
    expect(askingText('能直接立案吗？我们县里一直是这么办的。')).toBe('能直接立案吗？')
  })
})

describe('the topic of what is asked', () => {
  it('keeps the action that follows a second wording of the ask ("最晚多少小时内要……")', () => {
    expect(askedOf('最迟几天内要报到县纪委？').main.topic).toBe('报到县纪委')
    // The second wording with a unit after the subject names nothing more.
    expect(askedOf('留置期间伙食标准一天多少钱').main.attribute).toBe('伙食标准')
  })

  it('names the subject and the attribute', () => {
    const p = askedOf('留置期间被留置人员的伙食标准是多少？').main
    expect(p.topic).toBe('留置期间被留置人员')
    expect(p.attribute).toBe('伙食标准')
    expect(focusLabel(p)).toBe('留置期间被留置人员的伙食标准')
  })

  it('reads a clause that names little with the clause before it', () => {
    const [, second] = askedOf('延长留置要谁批准，最多能延长多久？').parts
    expect(second?.kind).toBe('time-limit')
    expect(second?.context).toBe('延长留置')
  })

  it('reads a short follow-up with the earlier question: its subject, the earlier question\'s ask', () => {
    const a = askedFollowUp('对下一级单位负责人谈话函询要谁批准？', '那如果是初步核实呢？')
    expect(a.main.kind).toBe('approver')
    expect(a.main.topic).toBe('初步核实')
    // A follow-up that asks something itself stands on its own.
    expect(askedFollowUp('谈话函询要谁批准？', '那初核要多久？').main.kind).toBe('time-limit')
  })
})
