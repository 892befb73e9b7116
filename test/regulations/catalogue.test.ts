/**
 * The behaviour catalogue: coverage of the articles in scope, its own words (not the regulation's,
 * not an evaluation question's), and that every entry names an article that exists. The checks
 * against ../shared are skipped, with a message, when it is absent.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BehaviourCatalogue } from '../../rag/data/behaviours.js'
import { loadBank } from '../../rag/answer/classifier.js'
import { parseCardMeta } from '../../rag/data/handbook.js'
import { parseFrontMatter } from '../../rag/ingest/clean.js'
import { FIXTURES, REGS, ROOT } from '../helpers/kb.js'

const DIR = join(REGS, 'catalogue')
const cat = BehaviourCatalogue.load(DIR)
const SHARED = join(ROOT, '..', 'shared')
const hasShared = existsSync(join(SHARED, 'corpus', 'regulations'))
if (!hasShared) console.warn(`[catalogue checks] ${SHARED} not found: checks against the shared texts are skipped`)

/** Article numbers of a regulation text (articles start a line with 第X条). */
function articlesOf(stem: string): Map<number, string> {
  const text = readFileSync(join(SHARED, 'corpus', 'regulations', `${stem}.md`), 'utf8')
  const out = new Map<number, string>()
  const cn = (s: string) => {
    const d: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
    let n = 0
    let cur = 0
    for (const ch of s) {
      if (ch in d) cur = d[ch] as number
      else if (ch === '十') (n += (cur || 1) * 10), (cur = 0)
      else if (ch === '百') (n += (cur || 1) * 100), (cur = 0)
    }
    return n + cur
  }
  for (const m of text.matchAll(/^第([一二三四五六七八九十百零〇两]+)条\s*([^\n]*)/gm)) out.set(cn(m[1] as string), m[2] as string)
  return out
}

/** Scope of issue 11: every article of these texts (or of a part) must have ≥ 3 descriptions. */
const SCOPE: Array<{ stem: string; from?: number; to?: number; label: string }> = [
  { stem: 'jilv-chufen-tiaoli-2023', from: 41, to: 154, label: '纪律处分条例（2023）第二编' },
  { stem: 'zhengwu-chufen-fa-2020', from: 28, to: 41, label: '政务处分法第三章' },
  { stem: 'jianchafa-2024', label: '监察法（2024）' },
  { stem: 'jianchafa-shishi-tiaoli-2021', label: '监察法实施条例' },
  { stem: 'jiandu-zhiji-guize-2019', label: '监督执纪工作规则' },
  { stem: 'jianju-konggao-guize-2020', label: '检举控告工作规则' },
  { stem: 'wenze-tiaoli-2016', label: '问责条例' },
]

const STRIP = /[\s，。、；：？！,.;:?!“”"'（）()]/g
const longestShared = (a: string, b: string, min: number): string | undefined => {
  const x = a.replace(STRIP, '')
  for (let i = 0; i + min <= x.length; i++) if (b.includes(x.slice(i, i + min))) return x.slice(i, i + min)
  return undefined
}

describe('behaviour catalogue', () => {
  it('loads and validates every file', () => {
    expect(cat.size).toBeGreaterThan(1000)
    for (const e of cat.all()) expect(new Set(e.says).size, e.id).toBe(e.says.length)
  })

  it.runIf(hasShared)('covers every article in scope with at least 3 everyday descriptions', () => {
    const lines: string[] = []
    let inScope = 0
    let covered = 0
    for (const s of SCOPE) {
      const arts = [...articlesOf(s.stem).keys()].filter((n) => n >= (s.from ?? 1) && n <= (s.to ?? Infinity))
      const ok = arts.filter((n) => (cat.entry(`${s.stem}#${n}`)?.says.length ?? 0) >= 3)
      inScope += arts.length
      covered += ok.length
      lines.push(`${s.label}: ${ok.length}/${arts.length}`)
      expect(ok.length, `${s.label}: missing ${arts.filter((n) => !ok.includes(n)).join(',')}`).toBe(arts.length)
    }
    console.info(`[catalogue coverage] ${covered}/${inScope} = ${(covered / inScope).toFixed(3)}\n  ${lines.join('\n  ')}`)
    expect(covered / inScope).toBe(1)
  })

  it.runIf(hasShared)('names only articles that exist, and describes them in its own words', () => {
    const texts = new Map<string, string>()
    for (const e of cat.all()) {
      if (!texts.has(e.stem)) texts.set(e.stem, readFileSync(join(SHARED, 'corpus', 'regulations', `${e.stem}.md`), 'utf8').replace(/[\s，。、；：？！,.;:?!“”"'（）()]/g, ''))
      expect(articlesOf(e.stem).has(e.article), e.id).toBe(true)
      for (const s of e.says) expect(longestShared(s, texts.get(e.stem) as string, 12), `${e.id}: ${s}`).toBeUndefined()
    }
  })

  /** Normalised evaluation questions, one per line (the project's own sets always; ../shared's when present). */
  const evaluationText = (): string => {
    const files = [
      ...(hasShared ? [join(SHARED, 'eval', 'dev-chat.jsonl'), join(SHARED, 'eval', 'dev-retrieval.jsonl')] : []),
      ...readdirSync(join(FIXTURES, 'eval')).filter((f) => f.endsWith('.jsonl')).map((f) => join(FIXTURES, 'eval', f)),
    ]
    return files.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { question: string }).question.replace(STRIP, ''))).join('\n')
  }

  /** Every phrase the project wrote that retrieval or the no-basis decision learns from. */
  const projectPhrases = (): Array<{ where: string; t: string }> => {
    const synonyms = JSON.parse(readFileSync(join(REGS, 'synonyms.json'), 'utf8')) as { terms: Record<string, string[]> }
    const variants = JSON.parse(readFileSync(join(REGS, 'variants.json'), 'utf8')) as { terms: Record<string, string[]> }
    const rules = JSON.parse(readFileSync(join(REGS, 'basis-rules.json'), 'utf8')) as { rules: Array<{ id: string; examples: string[]; nonExamples: string[] }>; lexicons: Record<string, { any: string[] }> }
    const cards = readdirSync(join(REGS, 'handbook'))
      .filter((f) => f.endsWith('.md'))
      .flatMap((f) => {
        const { meta, lists } = parseFrontMatter(readFileSync(join(REGS, 'handbook', f), 'utf8'))
        return (parseCardMeta(meta, lists).card?.questions ?? []).map((t) => ({ where: `handbook:${f}`, t }))
      })
    return [
      ...cat.all().flatMap((e) => [e.subject, ...e.says, ...e.terms].map((t) => ({ where: e.id, t }))),
      ...Object.entries(synonyms.terms).flatMap(([k, v]) => [k, ...v].map((t) => ({ where: `synonyms:${k}`, t }))),
      ...Object.entries(variants.terms).flatMap(([k, v]) => v.map((t) => ({ where: `variants:${k}`, t }))),
      ...rules.rules.flatMap((r) => [...r.examples, ...r.nonExamples].map((t) => ({ where: `basis-rules:${r.id}`, t }))),
      ...Object.entries(rules.lexicons).flatMap(([k, v]) => v.any.map((t) => ({ where: `basis-rules:lexicons.${k}`, t }))),
      ...loadBank(join(REGS, 'answerability')).map((b) => ({ where: `answerability:${b.id}`, t: b.question })),
      ...cards,
    ]
  }

  it('shares no run of 8 or more characters with any evaluation question: catalogue, lexicon, variants, no-basis rules and their examples, the answerability bank, the handbook cards\' questions (no tuning to a question set)', () => {
    const all = evaluationText()
    const phrases = projectPhrases()
    expect(phrases.filter((p) => p.where.startsWith('handbook:')).length).toBeGreaterThan(100)
    const hits = phrases.flatMap(({ where, t }) => {
      const run = longestShared(t, all, 8)
      return run ? [`${where}: “${t}” shares “${run}”`] : []
    })
    expect(hits).toEqual([])
  })

  // At 7 characters a shared run is often the texts' own wording (派驻纪检监察组, 政务处分决定书), which both a
  // question writer and the project take from the regulations; such runs are allowed, any other is not.
  it.runIf(hasShared)('shares no run of 7 characters with any evaluation question, except wording of the official texts', () => {
    const all = evaluationText()
    const official = readdirSync(join(SHARED, 'corpus', 'regulations'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => readFileSync(join(SHARED, 'corpus', 'regulations', f), 'utf8').replace(STRIP, ''))
      .join('\n')
    const hits = projectPhrases().flatMap(({ where, t }) => {
      const x = t.replace(STRIP, '')
      for (let i = 0; i + 7 <= x.length; i++) {
        const run = x.slice(i, i + 7)
        if (all.includes(run) && !official.includes(run)) return [`${where}: “${t}” shares “${run}”`]
      }
      return []
    })
    expect(hits).toEqual([])
  })
})
