import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { IngestError } from '../../../rag/errors.js'
import { loadFile } from '../../../rag/ingest/loaders.js'

const bad = join(import.meta.dirname, '../../fixtures/bad')
const formats = join(import.meta.dirname, '../../fixtures/formats')

async function reason(file: string): Promise<string> {
  try {
    await loadFile(file)
  } catch (e) {
    expect(e).toBeInstanceOf(IngestError)
    expect((e as IngestError).file).toBe(file)
    return (e as Error).message
  }
  throw new Error('expected a failure')
}

describe('loaders', () => {
  it('reads .docx paragraphs', async () => {
    const r = await loadFile(join(formats, 'hint.docx'))
    expect(r.text).toContain('初步核实应当成立核查组')
  })

  it('reads text from a .pdf', async () => {
    const r = await loadFile(join(formats, 'notes.pdf'))
    expect(r.text).toContain('clue disposal within five working days')
  })

  it('marks .html for HTML cleaning', async () => {
    expect((await loadFile(join(formats, 'page.html'))).format).toBe('html')
  })

  it('decodes a GBK file and says so', async () => {
    const r = await loadFile(join(bad, 'gbk-note.txt'))
    expect(r.text).toContain('谈话函询应当严格履行审批程序')
    expect(r.warnings.join()).toMatch(/GBK/)
  })

  it('refuses undecodable, empty, broken and unsupported files with a reason', async () => {
    expect(await reason(join(bad, 'garbled.txt'))).toMatch(/UTF-8/)
    expect(await reason(join(bad, 'empty.md'))).toMatch(/为空/)
    expect(await reason(join(bad, 'broken.pdf'))).toMatch(/PDF/)
    expect(await reason(join(bad, 'fake.docx'))).toMatch(/Word/)
    expect(await reason(join(bad, 'notes.rtf'))).toMatch(/\.rtf/)
    expect(await reason(join(bad, 'missing.md'))).toMatch(/无法读取/)
  })
})
