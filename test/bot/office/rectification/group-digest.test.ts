/** The group digest: counts only (no item, unit, person or problem), once per working day from 09:00. */
import { describe, expect, it } from 'vitest'
import { groupDigest, postGroupDigest } from '../../../../bot/office/rectification/group-digest.js'
import { ADMIN, item, ledgerFixture } from '../../../helpers/ledger.js'

describe('daily digest for a group', () => {
  it('says how many items are open, overdue, due soon and waiting, and nothing that identifies them', () => {
    const f = ledgerFixture('2026-11-02T01:00:00Z', ':memory:')
    f.ledger.create(item({ number: 'XC-01', deadline: '2026-11-20' }), ADMIN)
    f.ledger.create(item({ number: 'XC-02', deadline: '2026-12-04' }), ADMIN)
    f.ledger.create(item({ number: 'XC-03', deadline: '2027-03-01' }), ADMIN)
    const text = groupDigest(f.store.all(), '2026-12-02', f.calendar) as string
    expect(text).toBe('**整改日报** 2026-12-02：在办 3 项，其中已逾期 1 项、7 个工作日内到期 1 项、待销号 0 项。具体事项请督办人私聊助手发送“/整改 列表”查看。')
    for (const secret of ['XC-0', '县财政局', '王科长', '赵主任', '三重一大']) expect(text).not.toContain(secret)
    expect(groupDigest([], '2026-12-02', f.calendar)).toBeUndefined()
  })

  it('posts once per working day, from 09:00 Shanghai time', () => {
    const f = ledgerFixture('2026-12-02T00:30:00Z', ':memory:')
    f.ledger.create(item({ deadline: '2026-12-04' }), ADMIN)
    const posted: string[] = []
    const post = (m: string) => void posted.push(m)
    // 08:30 in Shanghai: not yet.
    expect(postGroupDigest(f.db, () => f.store.all(), new Date('2026-12-02T00:30:00Z'), f.calendar, post)).toBe(false)
    expect(postGroupDigest(f.db, () => f.store.all(), new Date('2026-12-02T01:05:00Z'), f.calendar, post)).toBe(true)
    expect(postGroupDigest(f.db, () => f.store.all(), new Date('2026-12-02T06:00:00Z'), f.calendar, post)).toBe(false)
    // Saturday: none.
    expect(postGroupDigest(f.db, () => f.store.all(), new Date('2026-12-05T02:00:00Z'), f.calendar, post)).toBe(false)
    expect(posted).toHaveLength(1)
  })
})
