import { describe, expect, it } from 'vitest'
import { byGroup, groupsOf, rrf } from '../../../rag/rank/fuse.js'

describe('provision groups', () => {
  it('joins the versions of one provision, chains included, under the smallest member', () => {
    // 10 (2016 text) ~ 20 (2020 text) ~ 30 (2024 text); 40 stands alone with 41.
    const links = new Map([[10, [20]], [20, [10, 30]], [30, [20]], [41, [40]], [40, [41]]])
    const g = groupsOf(links)
    expect([10, 20, 30].map((x) => g.get(x))).toEqual([10, 10, 10])
    expect(g.get(41)).toBe(40)
    expect(g.get(99)).toBeUndefined()
  })

  it('keeps a provision at the first position any of its texts reached, once', () => {
    const g = new Map([[5, 1], [1, 1]])
    expect(byGroup([5, 3, 1, 7], (x) => g.get(x) ?? x)).toEqual([1, 3, 7])
  })

  it('adds up evidence found on different versions of the same provision', () => {
    // The question's words match the current text (20); a document cites the old number (10).
    // By text, article 7 (second in both rankings) wins; by provision, 10/20 does.
    const lexical = [20, 7]
    const cited = [10, 7]
    const byText = rrf([{ name: 'bm25', items: lexical }, { name: 'cited', items: cited }], 20)
    expect(byText[0]?.id).toBe(7)
    const g = groupsOf(new Map([[10, [20]], [20, [10]]]))
    const G = (xs: number[]) => byGroup(xs, (x) => g.get(x) ?? x)
    const byProvision = rrf([{ name: 'bm25', items: G(lexical) }, { name: 'cited', items: G(cited) }], 20)
    expect(byProvision[0]?.id).toBe(10)
  })
})
