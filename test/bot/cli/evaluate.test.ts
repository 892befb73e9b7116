import { describe, expect, it } from 'vitest'
import { leadArticle } from '../../../bot/cli/evaluate.js'
import type { Answer, Citation } from '../../../rag/index.js'

const cite = (n: number, id: string): Citation => ({ n, id: id as Citation['id'], title: '测试规则', label: `第${n}条`, breadcrumb: '', status: '现行有效', excerpt: '' })

const answer = (blocks: Answer['blocks'], citations: Citation[]): Answer => ({ kind: 'answer', text: '', blocks, citations })

describe('leadArticle', () => {
  it('is the article the answering line cites, not the first of the list', () => {
    const a = answer([{ kind: 'lead', text: '应当在十五个工作日内写出说明。[2]' }], [cite(1, 'rules-a#30'), cite(2, 'rules-a#29')])
    expect(leadArticle(a)).toBe('rules-a#29')
  })

  it('falls back to the citation list under the answer when the line cites nothing, and reads a 定性 line as the answer', () => {
    const list = { kind: 'citations' as const, lines: ['[1] 《测试规则》第五条（现行有效）'] }
    expect(leadArticle(answer([{ kind: 'lead', text: '按程序办理。' }, list], [cite(1, 'rules-a#5')]))).toBe('rules-a#5')
    expect(leadArticle(answer([{ kind: 'verdict', text: '适用第七条。[3]' }], [cite(1, 'rules-a#5'), cite(3, 'rules-b#7')]))).toBe('rules-b#7')
  })

  it('reads a card-led answer by the article its steps and time limits cite', () => {
    const a = answer(
      [{ kind: 'lead', text: '期限如下。[1]' }, { kind: 'step', text: '1. 先登记。' }, { kind: 'line', text: '期限：自收到之日起15个工作日[3]' }],
      [cite(1, 'card-x@1'), cite(2, 'rules-a#8'), cite(3, 'rules-a#10')],
    )
    expect(leadArticle(a)).toBe('rules-a#10')
  })

  it('never counts an article the first message names only under 另见', () => {
    const a = answer(
      [{ kind: 'lead', text: '步骤如下。[1]' }, { kind: 'citations', lines: ['[1] 办事指引卡片'] }, { kind: 'see-also', items: ['[2]《测试规则》第八条'] }],
      [cite(1, 'handbook-card-3'), cite(2, 'rules-a#8')],
    )
    expect(leadArticle(a)).toBeUndefined()
  })

  it('counts an answer citing no article, and a no-basis reply, as none', () => {
    expect(leadArticle(answer([{ kind: 'lead', text: '步骤如下。[1]' }], [cite(1, 'handbook-card-3')]))).toBeUndefined()
    expect(leadArticle({ kind: 'no-basis', text: '没有依据', blocks: [], citations: [] })).toBeUndefined()
  })
})
