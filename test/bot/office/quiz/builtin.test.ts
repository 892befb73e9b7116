/**
 * The built-in question bank (regulations/quiz/*.json): at least 150 items, well-formed, each
 * provably right against the official text of the article it cites, and written in the project's
 * own words. The checks against ../shared are skipped, with a message, when it is absent.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseLegalText } from '../../../../rag/ingest/legal-structure.js'
import { loadBuiltinItems } from '../../../../bot/office/quiz/bank.js'
import { type ArticleSource, checkItem, duplicateStems, norm } from '../../../../bot/office/quiz/check.js'
import { BUILTIN_QUIZ_DIR } from '../../../../bot/office/quiz/index.js'
import { ROOT } from '../../../helpers/kb.js'

const items = loadBuiltinItems(BUILTIN_QUIZ_DIR)
const SHARED = join(ROOT, '..', 'shared')
const hasShared = existsSync(join(SHARED, 'corpus', 'regulations'))
if (!hasShared) console.warn(`[quiz bank checks] ${SHARED} not found: checks against the shared texts are skipped`)

/** The shared regulation texts, read by path (never copied), as the checks see them. */
function sharedSource(): ArticleSource {
  const cache = new Map<string, Map<number, string>>()
  const manifest = JSON.parse(readFileSync(join(SHARED, 'corpus', 'manifest.json'), 'utf8')) as Array<{ file: string; status?: string }>
  const status = (stem: string) => (manifest.find((m) => m.file.endsWith(`/${stem}.md`))?.status ?? '现行有效').startsWith('现行') ? '现行有效' : '已被取代'
  const arts = (stem: string) => {
    let m = cache.get(stem)
    if (!m) {
      const f = join(SHARED, 'corpus', 'regulations', `${stem}.md`)
      m = existsSync(f) ? new Map(parseLegalText(readFileSync(f, 'utf8')).articles.map((a) => [a.n, a.text])) : new Map()
      cache.set(stem, m)
    }
    return m
  }
  const get = (id: string) => {
    const [stem, n] = id.split('#') as [string, string]
    const text = arts(stem).get(Number(n))
    return text === undefined ? undefined : { id: `${stem}#${Number(n)}`, text, status: status(stem) as '现行有效', cite: `${stem} 第${Number(n)}条` }
  }
  return { article: get, siblings: () => [] }
}

describe('built-in question bank', () => {
  it('has at least 150 items of all four types with unique ids and stems', () => {
    expect(items.length).toBeGreaterThanOrEqual(150)
    const types = new Set(items.map((i) => i.type))
    expect([...types].sort()).toEqual(['fill', 'judge', 'multiple', 'single'])
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length)
    expect(items.filter((i) => !/^[a-z0-9][a-z0-9-]*#\d+$/.test(i.basis)).map((i) => i.id)).toEqual([])
    expect([...duplicateStems(items)]).toEqual([])
  })

  it.skipIf(!hasShared)('holds against the official text of every cited article', () => {
    const src = sharedSource()
    const bad = items.map((it) => ({ id: it.id, problems: checkItem(it, src) })).filter((x) => x.problems.length)
    expect(bad).toEqual([])
  })

  it.skipIf(!hasShared)('is written in its own words: no stem or explanation repeats 12 characters of its article', () => {
    const src = sharedSource()
    const copies: string[] = []
    for (const it of items) {
      const text = norm(src.article(it.basis)?.text ?? '')
      for (const f of [it.stem.replace(/_{2,}/g, ''), it.explanation]) {
        const s = norm(f)
        for (let i = 0; i + 12 <= s.length; i++) {
          if (text.includes(s.slice(i, i + 12))) {
            copies.push(`${it.id}: ${s.slice(i, i + 12)}`)
            break
          }
        }
      }
    }
    expect(copies).toEqual([])
  })
})
