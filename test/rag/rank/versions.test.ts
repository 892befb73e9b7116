import { beforeAll, describe, expect, it } from 'vitest'
import { byStatusThenDate, effectiveOf, inForceOn, spreadVersions, statusRank } from '../../../rag/rank/versions.js'
import type { SourceMeta } from '../../../rag/types.js'
import { fixtureKnowledge } from '../../helpers/kb.js'

describe('version rules', () => {
  it('orders statuses in force, superseded, repealed', () => {
    expect([statusRank('已废止'), statusRank('现行有效'), statusRank('已被取代')]).toEqual([2, 0, 1])
  })

  it('finds the version in force on a date, by effective date or else issue date', () => {
    const vs = [{ id: 'a', effective: '2018-03-20' }, { id: 'b', issued: '2024-12-25' }, { id: 'c', effective: '2025-06-01' }]
    expect(inForceOn(vs, '2017')).toBeUndefined()
    expect(inForceOn(vs, '2019-05')?.id).toBe('a')
    expect(inForceOn(vs, '2025-01')?.id).toBe('b')
    expect(inForceOn(vs, '2025-06-01')?.id).toBe('c')
    expect(effectiveOf(undefined)).toBe('')
  })

  it('resolves a reference to the text in force, then the newest', () => {
    const s = (key: string, status: SourceMeta['status'], date: string) => ({ key, status, date }) as SourceMeta
    const list = [s('old', '已被取代', '2016'), s('gone', '已废止', '2020'), s('now', '现行有效', '2020'), s('older', '已被取代', '2010')]
    expect(list.sort(byStatusThenDate).map((x) => x.key)).toEqual(['now', 'old', 'older', 'gone'])
  })
})

describe('spreadVersions', () => {
  // 1 and 11 are one provision in two versions, 2 and 12 another; 3, 4, 5 have one version.
  const cp = (i: number) => (i > 10 ? [i - 10] : i <= 2 ? [i + 10] : [])
  const ids = (xs: Array<{ idx: number }>) => xs.map((x) => x.idx)

  it('puts a counterpart two provisions later, so that the first five hold four provisions', () => {
    const list = [1, 11, 2, 12, 3, 4, 5].map((idx) => ({ idx }))
    expect(ids(spreadVersions(list, cp, 2))).toEqual([1, 2, 3, 11, 4, 12, 5])
  })

  it('keeps every text, counterparts waiting at the end when few provisions follow', () => {
    expect(ids(spreadVersions([1, 11, 2].map((idx) => ({ idx })), cp, 2))).toEqual([1, 2, 11])
  })

  it('changes nothing at gap 0', () => {
    const list = [1, 11, 2].map((idx) => ({ idx }))
    expect(spreadVersions(list, cp, 0)).toBe(list)
  })
})

describe('VersionPolicy over a knowledge base', () => {
  let kb: Awaited<ReturnType<typeof fixtureKnowledge>>
  beforeAll(async () => {
    kb = await fixtureKnowledge()
  })

  it('prefers the text in force, or the one in force on the case date', () => {
    const v = kb.retriever.versions
    const cur = kb.index.sources.get('shili-guize-2020') as SourceMeta
    const old = kb.index.sources.get('shili-guize-2016') as SourceMeta
    expect([v.rank(cur), v.rank(old)]).toEqual([0, 1])
    // In 2018 the 2016 text applied: it is preferred and the current one counts as superseded.
    expect([v.rank(cur, '2018-05'), v.rank(old, '2018-05')]).toEqual([1, 0])
    expect([v.rank(cur, '2021-03'), v.rank(old, '2021-03')]).toEqual([0, 1])
  })

  it('places the preferred version first and its counterpart right after, sharing the score', () => {
    const v = kb.retriever.versions
    const i2016 = kb.index.byId.get('shili-guize-2016#3') as number
    const i2020 = kb.index.byId.get('shili-guize-2020#5') as number
    const out = v.order([{ idx: i2016, score: 1, via: ['bm25'] }])
    expect(out.map((x) => x.idx)).toEqual([i2020, i2016])
    expect(out[0]?.score).toBe(1)
    expect(out[0]?.via).toEqual(['version'])
  })

  it('says "no such article" with the regulation it resolved, not another article', () => {
    const r = kb.retriever.lookup('示例纪检工作规则第99条')
    expect(r?.source?.key).toBe('shili-guize-2020')
    expect(r?.unit).toBeUndefined()
  })
})
