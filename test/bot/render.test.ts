import { describe, expect, it } from 'vitest'
import { hintLine, renderAnswer, toMarkdown } from '../../bot/render.js'
import type { Answer } from '../../rag/types.js'

const answer: Answer = {
  kind: 'answer',
  verdict: '定性参考：属于违反廉洁纪律的行为，适用《条例》第九十七条。',
  text: ['定性参考：属于违反廉洁纪律的行为，适用《条例》第九十七条。', '《条例》第九十七条：', '“收受可能影响公正执行公务的礼品、礼金……”[1]', '', '引用：', '[1] 《条例》第九十七条（现行有效）', '[2] 《政务处分法》第三十四条（现行有效）'].join('\n'),
  citations: [],
  hints: ['detail', 'original'],
}

describe('rendering answers per channel', () => {
  it('adds the bot\'s own hint line in plain text', () => {
    expect(renderAnswer(answer, 'text')).toBe(`${answer.text}\n回复“/详”看全部引文和实务材料，“/原文 1”看第 1 条全文。`)
    expect(renderAnswer({ kind: 'no-basis', text: '没有依据。', citations: [], hints: ['lookup'] })).toBe('没有依据。\n也可以用“/条 监察法 48”查具体条文。')
    expect(hintLine(undefined)).toBe('')
  })

  it('gives WeCom Markdown: the verdict in bold, the quote as a block quote, citations as a list', () => {
    const md = renderAnswer(answer, 'markdown')
    expect(md).toMatch(/^\*\*定性参考：属于违反廉洁纪律的行为，适用《条例》第九十七条。\*\*/)
    expect(md).toContain('> “收受可能影响公正执行公务的礼品、礼金……”\\[1\\]')
    expect(md).toContain('**引用**\n- \\[1\\] 《条例》第九十七条（现行有效）\n- \\[2\\]')
    expect(md).toMatch(/\*回复“\/详”看全部引文和实务材料，“\/原文 1”看第 1 条全文。\*$/)
  })

  it('offers to track a time limit in the bot\'s own command syntax, in both formats', () => {
    const card: Answer = { kind: 'answer', text: '【办事指引】函询怎么发、多久回复[1]', citations: [], hints: ['detail'], reminder: { what: '被函询人书面说明', limit: '15个工作日' } }
    const text = renderAnswer(card, 'text')
    expect(text).toMatch(/“被函询人书面说明”期限15个工作日：私聊发送“\/期限 起算日期 15个工作日”.*管理员可用“\/整改 新建”/)
    expect(text.split('\n').pop()).toMatch(/^回复“\/详”/)
    const md = renderAnswer(card, 'markdown')
    expect(md).toMatch(/\n\*“被函询人书面说明”期限15个工作日：.*\*\n\*回复“\/详”/)
  })

  it('escapes Markdown characters a text happens to contain', () => {
    expect(toMarkdown('第*1*项_注意_')).toBe('第\\*1\\*项\\_注意\\_')
  })
})
