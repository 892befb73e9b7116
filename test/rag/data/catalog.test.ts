import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Catalog, CatalogSchema, shortTitle } from '../../../rag/data/catalog.js'
import { RagError } from '../../../rag/errors.js'
import { REGS, tempDir } from '../../helpers/kb.js'
import { writeFileSync } from 'node:fs'

const catalog = Catalog.load(join(REGS, 'catalog.json'))

describe('regulation catalog', () => {
  it('resolves the short names people use', () => {
    expect(catalog.resolveName('党纪处分条例')?.id).toBe('jilv-chufen-tiaoli')
    expect(catalog.resolveName('《规则》')?.id).toBe('jiandu-zhiji-guize')
    expect(catalog.resolveName('监察法实施条例')?.id).toBe('jianchafa-shishi-tiaoli')
    expect(catalog.resolveName('监察法')?.id).toBe('jianchafa')
  })

  it('knows which version is in force and what replaced an old one', () => {
    const old = catalog.stem('jilv-chufen-tiaoli-2018')!
    expect(old.version.status).toBe('已被取代')
    expect(old.current?.label).toBe('2023年修订')
    expect(catalog.stem('jianchafa-2024')?.current).toBeUndefined()
    // The 2021 implementing regulation was revised in 2025; the catalog says so although no text of it is here.
    expect(catalog.stem('jianchafa-shishi-tiaoli-2021')?.current?.effective).toBe('2025-06-01')
  })

  it('picks the version in force at a date among the texts it has', () => {
    const f = catalog.family('jilv-chufen-tiaoli')!
    expect(catalog.versionAt(f, '2020-05-01')?.stem).toBe('jilv-chufen-tiaoli-2018')
    expect(catalog.versionAt(f, '2024-02-01')?.stem).toBe('jilv-chufen-tiaoli-2023')
  })

  it('shortens titles the way people cite them', () => {
    expect(shortTitle('中华人民共和国监察法（2024年修正）')).toBe('监察法')
  })

  it('rejects a malformed catalog with the path of the bad value', () => {
    const f = join(tempDir(), 'catalog.json')
    writeFileSync(f, JSON.stringify({ families: [{ id: 'x', title: '某规定', aliases: [], versions: [{ label: 'v', status: '有效' }] }] }))
    expect(() => Catalog.load(f)).toThrow(RagError)
    expect(() => Catalog.load(f)).toThrow(/versions\.0\.status/)
    expect(CatalogSchema.safeParse({ families: [] }).success).toBe(true)
  })
})
