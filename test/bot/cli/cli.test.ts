import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../../helpers/cli.js'
import { FIXTURES, copyKb, tempDir } from '../../helpers/kb.js'

// Each test gets its own data folder; the built-in handbook is left out so the fixture is all there is.
const envFor = (data: string) => ({ JJZS_DATA_DIR: data, JJZS_BUILTIN: '0' })

describe('npm run ingest', () => {
  it('indexes a folder, lists refused files by name and exits 1 while keeping the rest', async () => {
    const kb = copyKb()
    writeFileSync(join(kb, 'empty.md'), '\n\n')
    writeFileSync(join(kb, 'broken.pdf'), '%PDF-1.4 nonsense')
    const data = tempDir()
    const r = (await cli('ingest', [kb], envFor(data)))
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/未入库 .*empty\.md：文件为空/)
    expect(r.stdout).toMatch(/未入库 .*broken\.pdf：.*PDF/)
    expect(r.stdout).toMatch(/法规条文 \d+ 条/)
    // The folder is remembered, so ask finds it without --corpus.
    expect(JSON.parse(readFileSync(join(data, 'kb-sources.json'), 'utf8'))).toEqual([kb])
    const a = (await cli('ask', ['--json', '示例纪检工作规则第5条'], envFor(data)))
    expect(a.code).toBe(0)
    expect(JSON.parse(a.stdout).citations[0].id).toBe('shili-guize-2020#5')
  })

  it('rejects bad arguments with a Chinese message and exit 2, writing nothing', async () => {
    const data = tempDir()
    const none = (await cli('ingest', [], envFor(data)))
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/请给出要导入的文件或文件夹/)
    const missing = (await cli('ingest', ['/no/such/folder'], envFor(data)))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/路径不存在/)
    const unknown = (await cli('ingest', ['--frobnicate', FIXTURES], envFor(data)))
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/未知选项 --frobnicate/)
    expect(readdirSync(data)).toEqual([])
  })

  it('refuses a bad configuration value with a message naming it', async () => {
    const r = (await cli('ingest', [FIXTURES], { JJZS_DATA_DIR: tempDir(), JJZS_EMBEDDING_PROVIDER: 'magic' }))
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/JJZS_EMBEDDING_PROVIDER/)
  })
})

describe('npm run ask', () => {
  let data: string
  let kb: string
  beforeAll(() => {
    data = tempDir()
    kb = join(FIXTURES, 'kb')
  })

  it('prints {kind, text, citations} with --json', async () => {
    const r = (await cli('ask', ['--json', '--corpus', kb, '被函询人收到函件后多长时间内要书面说明？'], envFor(data)))
    expect(r.code).toBe(0)
    const a = JSON.parse(r.stdout)
    expect(a.kind).toBe('answer')
    expect(a.citations[0]).toMatchObject({ id: 'shili-guize-2020#5', status: '现行有效' })
    expect(typeof a.text).toBe('string')
  })

  it('says no-basis for an out-of-scope question', async () => {
    const r = (await cli('ask', ['--json', '--corpus', kb, '明天天气怎么样'], envFor(data)))
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'no-basis', citations: [] })
  })

  it('shows the fused rankings and the case date on stderr with --explain', async () => {
    const r = (await cli('ask', ['--explain', '--corpus', kb, '2018年5月，被函询人收到函件后多长时间内要书面说明？'], envFor(data)))
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/\[bm25\] .*shili-guize-20(16#3|20#5)/)
    expect(r.stderr).toContain('[案情时间] 2018-05')
    // The text in force then leads; the current text follows after other provisions.
    expect(r.stderr).toMatch(/\[融合结果\] shili-guize-2016#3 .*shili-guize-2020#5/)
    expect(r.stdout).toContain('从旧兼从轻')
  })

  it('asks for a question when none is given', async () => {
    const r = (await cli('ask', ['--corpus', kb], envFor(data)))
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/请给出问题/)
  })
})

describe('npm run eval', () => {
  it('prints a per-question table and a final JSON line with the protocol metrics', async () => {
    const qfile = join(tempDir(), 'q.jsonl')
    writeFileSync(qfile, [
      JSON.stringify({ id: 'a', question: '被函询人多长时间内要书面说明', relevant: ['shili-guize-2020#5'] }),
      JSON.stringify({ id: 'b', question: '借用管理服务对象钱款怎么处分', relevant: ['shili-chufen-banfa#4.1'] }),
    ].join('\n'))
    const r = (await cli('eval', ['--questions', qfile, '--corpus', join(FIXTURES, 'kb')], envFor(tempDir())))
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^id\trank/)
    const m = JSON.parse(lines[lines.length - 1] as string)
    expect(m).toMatchObject({ questions: 2, 'hit@1': 1, 'hit@5': 1, 'hit@10': 1, mrr: 1 })
    expect(m.p95_ms).toBeGreaterThan(0)
  })

  it('reports no_basis_rate for a no-answer set', async () => {
    const r = (await cli('eval', ['--questions', join(FIXTURES, 'eval/out-of-scope.jsonl'), '--corpus', join(FIXTURES, 'kb'), '--quiet'], envFor(tempDir())))
    const m = JSON.parse(r.stdout.trim().split('\n').pop() as string)
    expect(m.questions).toBe(25)
    expect(m.no_basis_rate).toBe(1)
  })

  it('names the line of a malformed question file', async () => {
    const qfile = join(tempDir(), 'bad.jsonl')
    writeFileSync(qfile, '{"id": "a", "question": "x"}\n{oops\n')
    const r = (await cli('eval', ['--questions', qfile, '--corpus', join(FIXTURES, 'kb')], envFor(tempDir())))
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/第 2 行不是有效的 JSON/)
    expect(existsSync(qfile)).toBe(true)
  })
})

describe('npm run knobs', () => {
  it('re-measures a knob as a Markdown table, and refuses an unknown knob or no question set in Chinese', async () => {
    const env = { JJZS_DATA_DIR: tempDir(), JJZS_BUILTIN: '0' }
    const kb = join(FIXTURES, 'kb')
    const r = (await cli('knobs', ['--questions', join(FIXTURES, 'eval', 'lookups.jsonl'), '--corpus', kb, '--only', 'rrfK'], env))
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^\| knob \| value \| lookups hit@1 \| hit@5 \| MRR \| no-basis \|/)
    expect(lines.filter((l) => l.startsWith('| rrfK |')).map((l) => l.split('|')[2]?.trim())).toEqual(['10 (default 20)', '40 (default 20)'])
    expect((await cli('knobs', ['--questions', join(FIXTURES, 'eval', 'lookups.jsonl'), '--corpus', kb, '--only', 'magic'], env)).stderr).toMatch(/没有名为 magic 的旋钮/)
    expect((await cli('knobs', [], env)).stderr).toMatch(/请用 --questions 指定至少一个问题集/)
  }, 120_000)
})
