/** Builds a real index over a fixture knowledge base in a temporary folder. */
import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ExtractiveAnswerer } from '../../rag/answer/answerer.js'
import { BasisRules } from '../../rag/answer/basis.js'
import { Catalog } from '../../rag/data/catalog.js'
import { HashingEmbeddings, type NamedEmbeddings } from '../../rag/index/embedding.js'
import { loadDomainTerms, loadVariants, withVariants } from '../../rag/answer/evidence.js'
import { loadSynonyms } from '../../rag/query/expand.js'
import { type IndexDeps, syncIndex } from '../../rag/index/index-store.js'
import { HybridRetriever } from '../../rag/rank/retriever.js'
import { createTokenizer } from '../../rag/index/tokenize.js'

export const ROOT = join(import.meta.dirname, '../..')
export const FIXTURES = join(ROOT, 'test/fixtures')
export const REGS = join(ROOT, 'regulations')
/** The project's no-basis rules, as the bot loads them. */
export const RULES = BasisRules.load(join(REGS, 'basis-rules.json'))
const VARIANTS = loadVariants(join(REGS, 'variants.json'))
/** The domain's terms and their variants, as the bot loads them. */
export const TERMS = loadDomainTerms(join(REGS, 'dict.txt'), VARIANTS)

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
  const synonyms = loadSynonyms(join(REGS, 'synonyms.json'))
  const retriever = new HybridRetriever({ index, tokenizer: d.tokenizer, embeddings: d.embeddings, catalog: d.catalog, synonyms, today: () => '2026-11-21' })
  // The answerer as the bot builds it (bot/app.ts), minus the behaviour catalogue the fixtures do not need.
  const answerer = new ExtractiveAnswerer(retriever, { rules: RULES, synonyms: withVariants(synonyms, VARIANTS), terms: TERMS })
  return { index, report, retriever, answerer, dir, deps: d }
}
