/** Builds a real index over a fixture knowledge base in a temporary folder. */
import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ExtractiveAnswerer } from '../../rag/answerer.js'
import { BasisRules } from '../../rag/basis.js'
import { Catalog } from '../../rag/catalog.js'
import { HashingEmbeddings, type NamedEmbeddings } from '../../rag/embedding.js'
import { loadSynonyms } from '../../rag/expand.js'
import { type IndexDeps, syncIndex } from '../../rag/index-store.js'
import { HybridRetriever } from '../../rag/retriever.js'
import { createTokenizer } from '../../rag/tokenize.js'

export const ROOT = join(import.meta.dirname, '../..')
export const FIXTURES = join(ROOT, 'test/fixtures')
export const REGS = join(ROOT, 'regulations')
/** The project's no-basis rules, as the bot loads them. */
export const RULES = BasisRules.load(join(REGS, 'basis-rules.json'))

export function tempDir(prefix = 'jjzs-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** A copy of the fixture knowledge base that a test may change. */
export function copyKb(): string {
  const dir = join(tempDir(), 'kb')
  cpSync(join(FIXTURES, 'kb'), dir, { recursive: true })
  return dir
}

export function deps(o: { embeddings?: NamedEmbeddings; dictFiles?: string[] } = {}): IndexDeps {
  return {
    catalog: Catalog.load(join(REGS, 'catalog.json')),
    tokenizer: createTokenizer({ dictFiles: o.dictFiles ?? [join(REGS, 'dict.txt')] }),
    embeddings: o.embeddings ?? new HashingEmbeddings(),
    now: () => new Date('2026-11-21T02:00:00Z'),
  }
}

export async function fixtureKnowledge(kb = join(FIXTURES, 'kb')) {
  const d = deps()
  const dir = join(tempDir(), 'index')
  const { index, report } = await syncIndex(dir, [kb], d)
  const retriever = new HybridRetriever({ index, tokenizer: d.tokenizer, embeddings: d.embeddings, catalog: d.catalog, synonyms: loadSynonyms(join(REGS, 'synonyms.json')), today: () => '2026-11-21' })
  return { index, report, retriever, answerer: new ExtractiveAnswerer(retriever, { rules: RULES }), dir, deps: d }
}
