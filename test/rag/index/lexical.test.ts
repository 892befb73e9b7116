import { describe, expect, it } from 'vitest'
import { Bm25, ForwardIndex, Vocabulary } from '../../../rag/index/lexical.js'
import { rrf } from '../../../rag/rank/fuse.js'

describe('BM25', () => {
  const vocab = new Vocabulary()
  const fwd = ForwardIndex.fromTerms([['谈话', '函询', '函询'], ['留置', '期限'], ['谈话', '留置'], ['其他']], vocab)
  const bm = new Bm25(fwd, vocab.size)
  const q = (...terms: string[]) => new Map(terms.map((t) => [vocab.id(t) as number, 1]))

  it('ranks the unit with more occurrences of a rarer term first', () => {
    expect(bm.search(q('函询'), 3).map((s) => s.doc)).toEqual([0])
    expect(bm.search(q('留置', '期限'), 3).map((s) => s.doc)).toEqual([1, 2])
  })

  it('covers only its member units', () => {
    const onlyLast = new Bm25(fwd, vocab.size, [2, 3])
    expect(onlyLast.search(q('留置'), 5).map((s) => s.doc)).toEqual([2])
    expect(onlyLast.df(vocab.id('函询') as number)).toBe(0)
  })

  it('copies units between forward indexes without re-tokenizing', () => {
    const b = ForwardIndex.builder(vocab)
    b.copy(fwd, 1)
    b.add(['新词'])
    const out = b.build()
    expect(out.size).toBe(2)
    expect(out.length(0)).toBe(2)
  })
})

describe('reciprocal rank fusion', () => {
  it('rewards agreement between rankings over a single high rank', () => {
    const f = rrf([{ name: 'a', items: ['x', 'y'] }, { name: 'b', items: ['y', 'z'] }])
    expect(f[0]?.id).toBe('y')
    expect(f[0]?.via).toEqual(['a', 'b'])
  })

  it('honours weights', () => {
    const f = rrf([{ name: 'a', items: ['x'] }, { name: 'b', items: ['z'], weight: 3 }])
    expect(f.map((x) => x.id)).toEqual(['z', 'x'])
  })
})
