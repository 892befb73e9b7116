import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../bot/clock.js'
import { JsonlFeedbackStore, maskNumbers } from '../../../bot/office/feedback.js'
import { parseFeedback } from '../../../bot/chat/router/commands/feedback.js'
import { hasher, installationSalt } from '../../../bot/hash.js'
import { tempDir } from '../../helpers/kb.js'

describe('feedback store', () => {
  it('appends one JSON line per rating with hashed chat and person', async () => {
    const dir = tempDir()
    const hash = hasher(installationSalt(dir))
    const store = new JsonlFeedbackStore(join(dir, 'feedback.jsonl'), hash, fixedClock('2026-11-21T02:00:00Z'))
    await store.add({ chat: 'r:纪检群@chatroom', person: '张三', rating: 'up', comment: '', citations: ['x#1'] })
    await store.add({ chat: 'p:张三', person: '张三', rating: 'down', comment: '期限不对', citations: [] })
    const lines = readFileSync(join(dir, 'feedback.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(lines).toHaveLength(2)
    expect(lines[0]).toEqual({ at: '2026-11-21T02:00:00.000Z', chat: hash('r:纪检群@chatroom'), person: hash('张三'), rating: 'up', comment: '', citations: ['x#1'], via: 'command' })
    expect(JSON.stringify(lines)).not.toContain('张三')
    // The salt is kept, so hashes stay stable across restarts.
    expect(installationSalt(dir)).toBe(installationSalt(dir))
  })

  it('records a button rating with the answered message hashed and the reason codes', async () => {
    const dir = tempDir()
    const hash = hasher('s')
    const store = new JsonlFeedbackStore(join(dir, 'feedback.jsonl'), hash, fixedClock('2026-11-21T02:00:00Z'))
    await store.add({ chat: 'r:g1', person: 'J001', rating: 'withdrawn', comment: '', citations: ['x#1'], via: 'button', answer: 'msg-123', reasons: [] })
    await store.add({ chat: 'r:g1', person: 'J001', rating: 'down', comment: '', citations: ['x#1'], via: 'button', answer: 'msg-123', reasons: [2] })
    const lines = readFileSync(join(dir, 'feedback.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(lines[0]).toMatchObject({ rating: 'withdrawn', via: 'button', answer: hash('msg-123') })
    expect(lines[0]).not.toHaveProperty('reasons')
    expect(lines[1]).toMatchObject({ rating: 'down', answer: hash('msg-123'), reasons: [2] })
    expect(readFileSync(join(dir, 'feedback.jsonl'), 'utf8')).not.toContain('msg-123')
  })

  it('keeps the file readable by its owner only, also when an older version created it world-readable', async () => {
    const dir = tempDir()
    const file = join(dir, 'feedback.jsonl')
    writeFileSync(file, '')
    chmodSync(file, 0o644)
    await new JsonlFeedbackStore(file, hasher('s'), fixedClock('2026-11-21T02:00:00Z')).add({ chat: 'c', person: 'p', rating: 'down', comment: '联系我 13912345678', citations: [] })
    expect(statSync(file).mode & 0o077).toBe(0)
    expect(readFileSync(file, 'utf8')).toContain('联系我 [号码]')
  })
})

describe('feedback parsing', () => {
  it('reads the rating from marks first, then from words, negatives before positives', () => {
    expect(parseFeedback('👍')).toEqual({ rating: 'up', comment: '' })
    expect(parseFeedback('👎 条文引错了')).toEqual({ rating: 'down', comment: '条文引错了' })
    expect(parseFeedback('好像不准确')).toEqual({ rating: 'down', comment: '好像不准确' })
    expect(parseFeedback('不对，应该是第二十一条')).toMatchObject({ rating: 'down' })
    expect(parseFeedback('有用')).toEqual({ rating: 'up', comment: '' })
    expect(parseFeedback('好')).toEqual({ rating: 'up', comment: '' })
    expect(parseFeedback('还行吧')).toBeUndefined()
    expect(parseFeedback('')).toBeUndefined()
  })

  it('masks identifying numbers', () => {
    expect(maskNumbers('身份证110101199003071234，卡号6222020200112233445')).toBe('身份证[证件号]，卡号[号码]')
  })
})
