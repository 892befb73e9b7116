import { describe, expect, it } from 'vitest'
import { splitReply } from '../../../../bot/chat/router/reply.js'

describe('reply splitting', () => {
  it('keeps a short reply whole', () => {
    expect(splitReply('一句话。', 100)).toEqual(['一句话。'])
  })

  it('splits at paragraph boundaries under the byte limit, keeping a lead-in with its list', () => {
    const text = ['甲'.repeat(30), '乙'.repeat(30), '相关实务材料：', '·' + '丙'.repeat(20), '引用：', '[1] 出处'].join('\n')
    const parts = splitReply(text, 120)
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(120)
    expect(parts.join('\n')).toBe(text)
    expect(parts.some((p) => p.endsWith('相关实务材料：'))).toBe(false)
  })

  it('cuts a single over-long paragraph and bounds the number of parts', () => {
    const parts = splitReply('长'.repeat(10_000), 300, 4)
    expect(parts).toHaveLength(4)
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(300)
    expect(parts[3]).toMatch(/已截断/)
  })
})
