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

  it('escapes Markdown characters a text happens to contain', () => {
    expect(toMarkdown('第*1*项_注意_')).toBe('第\\*1\\*项\\_注意\\_')
  })
})
