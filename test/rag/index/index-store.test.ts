import { appendFileSync, cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HashingEmbeddings, type NamedEmbeddings } from '../../../rag/index/embedding.js'
import { IndexMismatchError, RagError } from '../../../rag/errors.js'
import { loadIndex, readManifest, syncIndex } from '../../../rag/index/index-store.js'
import { HybridRetriever } from '../../../rag/rank/retriever.js'
import { Catalog } from '../../../rag/data/catalog.js'
import { FIXTURES, copyKb, deps, tempDir } from '../../helpers/kb.js'

describe('persisted index', () => {
  it('is saved with a manifest and loaded on restart instead of rebuilt', async () => {
    const kb = copyKb()
    const dir = join(tempDir(), 'index')
    const first = await syncIndex(dir, [kb], deps())
    expect(first.report.rebuilt).toBe(true)
    expect(first.report.saved).toBe(true)
    const m = readManifest(dir)!
    expect(m.sources.map((s) => s.key).sort()).toEqual(['jiehuo-anli', 'shili-chufen-banfa', 'shili-guize-2016', 'shili-guize-2020', 'xiansuo-chuzhi'])
    expect(m.tokenizer).toMatch(/^jieba-2\.0\.3\+dict:/)
    const second = await syncIndex(dir, [kb], deps())
    expect(second.report).toMatchObject({ rebuilt: false, saved: false, added: [], updated: [], unchanged: 5 })
    expect(second.index.units.map((u) => u.id)).toEqual(first.index.units.map((u) => u.id))
    expect(loadIndex(dir, deps()).units.length).toBe(first.index.units.length)
  })

  it('re-indexes a changed source alone and drops a removed one', async () => {
    const kb = copyKb()
    const dir = join(tempDir(), 'index')
    await syncIndex(dir, [kb], deps())
    const changed = join(kb, 'regulations/shili-chufen-banfa.txt')
    appendFileSync(changed, '第6条　在公务活动中接受宴请，情节较重的，给予警告处分。\n')
    rmSync(join(kb, 'documents/xiansuo-chuzhi.md'))
    const { index, report } = await syncIndex(dir, [kb], deps())
    expect(report.updated).toEqual([changed])
    expect(report.added).toEqual([])
    expect(report.removed).toEqual([join(kb, 'documents/xiansuo-chuzhi.md')])
    expect(report.unchanged).toBe(3)
    expect(index.byId.has('shili-chufen-banfa#6')).toBe(true)
    expect([...index.sources.keys()]).not.toContain('xiansuo-chuzhi')
  })

  it('re-reads the regulations (only) when the project catalog changes', async () => {
    const kb = copyKb()
    const dir = join(tempDir(), 'index')
    await syncIndex(dir, [kb], deps())
    const d = deps()
    const catalog = new Catalog({
      families: [...d.catalog.families, { id: 'shili-guize', title: '示例纪检工作规则', aliases: [], versions: [{ label: '2016年', stem: 'shili-guize-2016', status: '已废止' }] }],
    })
    const { index, report } = await syncIndex(dir, [kb], { ...d, catalog })
    expect(report.updated.map((f) => f.split('/').pop()).sort()).toEqual(['shili-chufen-banfa.txt', 'shili-guize-2016.md', 'shili-guize-2020.md'])
    expect(index.sources.get('shili-guize-2016')?.status).toBe('已废止')
  })

  it('refuses an index built with another embedding model or tokenizer', async () => {
    const dir = join(tempDir(), 'index')
    await syncIndex(dir, [join(FIXTURES, 'kb')], deps())
    expect(() => loadIndex(dir, deps({ embeddings: new HashingEmbeddings({ dim: 128 }) }))).toThrow(IndexMismatchError)
    const otherDict = join(tempDir(), 'dict.txt')
    writeFileSync(otherDict, '新词汇 100 n\n')
    await expect(syncIndex(dir, [join(FIXTURES, 'kb')], deps({ dictFiles: [otherDict] }))).rejects.toThrow(/分词器/)
    // --rebuild replaces it.
    const { report } = await syncIndex(dir, [join(FIXTURES, 'kb')], deps({ dictFiles: [otherDict] }), { rebuild: true })
    expect(report.rebuilt).toBe(true)
  })

  it('reports a corrupt index clearly', async () => {
    const dir = join(tempDir(), 'index')
    await syncIndex(dir, [join(FIXTURES, 'kb')], deps())
    writeFileSync(join(dir, 'manifest.json'), '{"schema": "x"}')
    expect(() => loadIndex(dir, deps())).toThrow(RagError)
    expect(() => loadIndex(dir, deps())).toThrow(/--rebuild/)
  })

  it('keeps the previous index whole when a build fails half-way', async () => {
    const kb = copyKb()
    const dir = join(tempDir(), 'index')
    await syncIndex(dir, [kb], deps())
    const before = readManifest(dir)
    writeFileSync(join(kb, 'documents/new.md'), '# 新文件\n\n新的实务材料，讲述审查调查中的证据审核。')
    const failing: NamedEmbeddings = Object.assign(new HashingEmbeddings(), {
      id: 'hash-ngram-v1-d256',
      embedDocuments: async () => {
        throw new Error('service down')
      },
    })
    // A non-hashing provider goes through embedDocuments; make it fail.
    Object.setPrototypeOf(failing, Object.prototype)
    await expect(syncIndex(dir, [kb], { ...deps(), embeddings: failing })).rejects.toThrow(/向量服务调用失败/)
    expect(readManifest(dir)).toEqual(before)
    expect(readdirSync(dirname(dir)).filter((n) => n.includes('.tmp-'))).toEqual([])
  })
})

describe('ingestion report', () => {
  it('names every bad file with its reason and indexes the rest', async () => {
    const kb = copyKb()
    cpSync(join(FIXTURES, 'bad'), join(kb, 'bad'), { recursive: true })
    cpSync(join(FIXTURES, 'formats'), join(kb, 'formats'), { recursive: true })
    const { index, report } = await syncIndex(join(tempDir(), 'index'), [kb], deps())
    const errors = Object.fromEntries(report.problems.filter((p) => p.level === 'error').map((p) => [p.file.split('/').pop(), p.reason]))
    expect(Object.keys(errors).sort()).toEqual(['broken.pdf', 'empty.md', 'fake.docx', 'garbled.txt'])
    expect(errors['garbled.txt']).toMatch(/UTF-8/)
    const warnings = report.problems.filter((p) => p.level === 'warning').map((p) => `${p.file.split('/').pop()} ${p.reason}`)
    expect(warnings.join('\n')).toMatch(/gbk-note\.txt .*GBK/)
    expect(warnings.join('\n')).toMatch(/notes\.rtf .*不支持/)
    const keys = [...index.sources.keys()]
    expect(keys).toEqual(expect.arrayContaining(['gbk-note', 'hint', 'notes', 'page', 'shili-guize-2020']))
    expect(existsSync(join(kb, 'bad/garbled.txt'))).toBe(true)
  })

  it('reads metadata from the catalog, front matter and the text', async () => {
    const kb = copyKb()
    cpSync(join(FIXTURES, 'formats'), join(kb, 'formats'), { recursive: true })
    const { index } = await syncIndex(join(tempDir(), 'index'), [kb], deps())
    expect(index.sources.get('shili-guize-2016')).toMatchObject({ kind: 'regulation', status: '已被取代', issuer: '示例单位纪委', family: 'shili-guize', date: '2016-03-01' })
    expect(index.sources.get('xiansuo-chuzhi')).toMatchObject({ kind: 'document', title: '基层纪委处置问题线索的几点体会', date: '2021-05-10', issuer: '示例县纪委', level: '县' })
    expect(index.sources.get('page')).toMatchObject({ title: '示例县纪委规范谈话函询工作', issuer: '示例县纪委监委', date: '2022-03-15' })
    expect(index.sources.get('shili-chufen-banfa')).toMatchObject({ kind: 'regulation', title: '示例单位纪律处分办法' })
  })

  it('keeps every unit when a source changes in a knowledge base that holds a near-duplicate', async () => {
    // Regression: stored records were paired with the manifest by position while near-duplicates
    // are stored last; the next incremental build gave sources each other's records, took a
    // regulation for a duplicate and dropped its articles.
    const kb = copyKb()
    cpSync(join(kb, 'documents/jiehuo-anli.md'), join(kb, 'documents/a-zhuanzai.md'))
    appendFileSync(join(kb, 'documents/a-zhuanzai.md'), '\n（转载）\n')
    const dir = join(tempDir(), 'index')
    const first = await syncIndex(dir, [kb], deps())
    expect(first.report.duplicates.length).toBe(1)
    appendFileSync(join(kb, 'documents/xiansuo-chuzhi.md'), '\n补充一段说明：线索处置要及时。\n')
    const second = await syncIndex(dir, [kb], deps())
    expect(second.report.updated.map((f) => f.split('/').pop())).toEqual(['xiansuo-chuzhi.md'])
    const fresh = await syncIndex(join(tempDir(), 'index'), [kb], deps())
    expect(second.index.units.map((u) => u.id).sort()).toEqual(fresh.index.units.map((u) => u.id).sort())
    expect(second.report.duplicates).toEqual(fresh.report.duplicates)
    // And once more, from the index the incremental build saved.
    const third = await syncIndex(dir, [kb], deps())
    expect(third.index.units.length).toBe(fresh.index.units.length)
  })

  it('rebuilds an index whose records disagree with its manifest, and says so', async () => {
    const kb = copyKb()
    const dir = join(tempDir(), 'index')
    const first = await syncIndex(dir, [kb], deps())
    // What the old pairing bug left behind: a regulation's record marked as a duplicate while the
    // manifest still counts its articles.
    const f = join(dir, 'sources.json')
    const recs = JSON.parse(readFileSync(f, 'utf8')) as Array<{ meta: { key: string; duplicateOf?: string } }>
    const reg = recs.find((r) => r.meta.key === 'shili-guize-2020') as { meta: { duplicateOf?: string } }
    reg.meta.duplicateOf = 'jiehuo-anli'
    writeFileSync(f, JSON.stringify(recs))
    appendFileSync(join(kb, 'documents/xiansuo-chuzhi.md'), '\n补充一段。\n')
    const { index, report } = await syncIndex(dir, [kb], deps())
    expect(report.rebuilt).toBe(true)
    expect(report.problems.map((p) => p.reason)).toContain('索引记录与清单不一致，已从头重建')
    expect(index.units.filter((u) => u.source === 'shili-guize-2020').length).toBe(first.index.units.filter((u) => u.source === 'shili-guize-2020').length)
  })

  it('keeps a near-duplicate document out of the index and says which', async () => {
    const kb = copyKb()
    const orig = join(kb, 'documents/jiehuo-anli.md')
    cpSync(orig, join(kb, 'documents/jiehuo-anli-zhuanzai.md'))
    appendFileSync(join(kb, 'documents/jiehuo-anli-zhuanzai.md'), '\n（转载自示例网站）\n')
    const { index, report } = await syncIndex(join(tempDir(), 'index'), [kb], deps())
    expect(report.duplicates).toEqual([['jiehuo-anli-zhuanzai', 'jiehuo-anli']])
    expect(index.units.some((u) => u.source === 'jiehuo-anli-zhuanzai')).toBe(false)
    // Excluding the copy (as an evaluation does for a question's own source) excludes the original too.
    const d = deps()
    const r = new HybridRetriever({ index, tokenizer: d.tokenizer, embeddings: d.embeddings, catalog: d.catalog, synonyms: new Map() })
    const hits = await r.retrieve('向管理服务对象借钱不还如何认定', { filter: { excludeSources: ['jiehuo-anli-zhuanzai'] } })
    expect(hits.filter((h) => h.unit.kind === 'passage').map((h) => h.unit.source)).not.toContain('jiehuo-anli')
  })
})
