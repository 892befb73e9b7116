import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildHoldout } from '../../../bot/cli/holdout-set.js'
import { UserError } from '../../../bot/errors.js'
import { Catalog } from '../../../rag/data/catalog.js'
import { REGS } from '../../helpers/kb.js'

const catalog = Catalog.load(join(REGS, 'catalog.json'))
const present = (stem: string) => ['jilv-chufen-tiaoli-2018', 'jilv-chufen-tiaoli-2023', 'jianchafa-2018', 'jianchafa-2024'].includes(stem)
const cite = (law: string, article: number) => ({ law, article })

describe('buildHoldout', () => {
  const rows = [
    { id: 'r1', kind: 'case_analysis', question: '收受购物卡如何定性', context: '某局科长逢年过节收受下属购物卡。', published: '2020-05-06', cited_provisions: [cite('中国共产党纪律处分条例', 88)], provenance: { path: 'a/r1.md' } },
    { id: 'r2', question: '留置期间能否会见律师', cited_provisions: [cite('中华人民共和国监察法', 22), cite('中华人民共和国刑法', 385)] },
    { id: 'r3', question: '只引用了刑法的题', cited_provisions: [cite('中华人民共和国刑法', 382)] },
    { id: 'dev-1', question: '已在开发集中的题', cited_provisions: [cite('监察法', 22)] },
    { id: 'r4', question: '2015年发表、当时施行的条例不在知识库中', published: '2017-03', cited_provisions: [cite('党纪处分条例', 88)] },
  ]

  it('labels dated records with the version in force then, undated ones with every version present', () => {
    const out = buildHoldout(rows, new Set(['dev-1']), catalog, present)
    expect(out.map((q) => q.id)).toEqual(['r1', 'r2'])
    expect(out[0]).toMatchObject({ relevant: ['jilv-chufen-tiaoli-2018#88'], source: 'holdout-dated', exclude_documents_from: 'a/r1.md' })
    // A case analysis asks with its facts first, then its title.
    expect(out[0]?.question).toBe('某局科长逢年过节收受下属购物卡。\n收受购物卡如何定性')
    expect(out[1]).toMatchObject({ relevant: ['jianchafa-2018#22', 'jianchafa-2024#22'], source: 'holdout-undated' })
  })

  it('names the record that does not fit the expected shape', () => {
    expect(() => buildHoldout([{ id: 'x', question: '' }], new Set(), catalog, present)).toThrow(UserError)
    expect(() => buildHoldout([rows[0], { id: 7 }], new Set(), catalog, present)).toThrow(/第 2 条/)
  })
})
