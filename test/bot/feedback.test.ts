import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../bot/clock.js'
import { JsonlFeedbackStore } from '../../bot/feedback.js'
import { hasher, installationSalt } from '../../bot/hash.js'
import { tempDir } from '../helpers/kb.js'

describe('feedback store', () => {
  it('appends one JSON line per rating with hashed chat and person', async () => {
    const dir = tempDir()
    const hash = hasher(installationSalt(dir))
    const store = new JsonlFeedbackStore(join(dir, 'feedback.jsonl'), hash, fixedClock('2026-11-21T02:00:00Z'))
    await store.add({ chat: 'r:纪检群@chatroom', person: '张三', rating: 'up', comment: '', citations: ['x#1'] })
    await store.add({ chat: 'p:张三', person: '张三', rating: 'down', comment: '期限不对', citations: [] })
    const lines = readFileSync(join(dir, 'feedback.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(lines).toHaveLength(2)
    expect(lines[0]).toEqual({ at: '2026-11-21T02:00:00.000Z', chat: hash('r:纪检群@chatroom'), person: hash('张三'), rating: 'up', comment: '', citations: ['x#1'] })
    expect(JSON.stringify(lines)).not.toContain('张三')
    // The salt is kept, so hashes stay stable across restarts.
    expect(installationSalt(dir)).toBe(installationSalt(dir))
  })
})
