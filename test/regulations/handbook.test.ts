/**
 * Checks of the built-in knowledge against ../shared (skipped, with a message, when it is absent):
 * every cited article exists in the named version, each card shares key terms with what it cites,
 * no card repeats 40 or more consecutive characters of any shared text, and the catalog's stems
 * all exist. The format checks run everywhere.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Catalog } from '../../rag/data/catalog.js'
import { parseCardMeta } from '../../rag/data/handbook.js'
import { parseFrontMatter } from '../../rag/ingest/clean.js'
import { parseLegalText } from '../../rag/ingest/legal-structure.js'
import { createTokenizer } from '../../rag/index/tokenize.js'
import { REGS, ROOT } from '../helpers/kb.js'

const HANDBOOK = join(REGS, 'handbook')
const SHARED = join(ROOT, '..', 'shared', 'corpus')
const hasShared = existsSync(join(SHARED, 'regulations'))
if (!hasShared) console.warn(`[handbook checks] ${SHARED} not found: checks against the shared corpus are skipped`)

const cards = readdirSync(HANDBOOK)
  .filter((f) => f.endsWith('.md'))
  .map((f) => {
    const text = readFileSync(join(HANDBOOK, f), 'utf8')
    const fm = parseFrontMatter(text)
    return { file: f, text, body: fm.body, ...parseCardMeta(fm.meta, fm.lists) }
  })

describe('procedure cards: format', () => {
  it('has at least 40 valid cards, each with questions, steps and basis', () => {
    expect(cards.length).toBeGreaterThanOrEqual(40)
    for (const c of cards) {
      expect(c.problem, c.file).toBeUndefined()
      expect(c.card?.id, c.file).toBe(c.file.replace(/\.md$/, ''))
      expect(c.body.match(/^\d+\. /gm)?.length ?? 0, c.file).toBeGreaterThanOrEqual(2)
      // The questions in the front matter are the ones the card's text says (and is found by).
      const said = /^常见问法：(.*)$/m.exec(c.body)?.[1]?.split('；').map((x) => x.trim().replace(/。$/, '')).filter(Boolean)
      expect(said, c.file).toEqual(c.card?.questions)
    }
  })

  it('covers the procedures the handbook must cover', () => {
    const all = cards.map((c) => `${c.card?.title} ${c.body}`).join('\n')
    for (const topic of ['四类', '谈话函询', '15个工作日', '初步核实', '核查组', '立案', '讯问', '询问', '留置', '查询', '冻结', '搜查', '调取', '查封', '扣押', '录音录像', '涉案财物', '强制到案', '责令候查', '管护', '审理', '退回补充调查', '处分决定', '宣布', '申诉', '复议复查', '分级受理', '实名', '匿名', '交办', '督办', '诬告陷害', '澄清', '巡视', '整改', '2个月', '边巡边移', '室组地', '片区', '回避', '保密']) {
      expect(all, topic).toContain(topic)
    }
  })
})

const regText = new Map<string, ReturnType<typeof parseLegalText>>()
const reg = (stem: string) => {
  if (!regText.has(stem)) {
    const f = join(SHARED, 'regulations', `${stem}.md`)
    if (!existsSync(f)) return undefined
    regText.set(stem, parseLegalText(readFileSync(f, 'utf8')))
  }
  return regText.get(stem)
}

describe.skipIf(!hasShared)('procedure cards against ../shared/corpus', () => {
  it('cites only articles that exist in the named version', () => {
    for (const c of cards) {
      for (const id of [...(c.card?.basis ?? []), ...(c.card?.limits ?? []).map((l) => l.basis)]) {
        const [stem, n] = id.split('#') as [string, string]
        const parsed = reg(stem)
        expect(parsed, `${c.file}: ${stem}`).toBeDefined()
        expect(parsed!.articles.some((a) => a.n === Number.parseInt(n, 10)), `${c.file}: ${id}`).toBe(true)
      }
    }
  })

  it('shares key terms with the articles it cites', () => {
    const tok = createTokenizer({ dictFiles: [join(REGS, 'dict.txt')] })
    for (const c of cards) {
      const cardWords = new Set(tok.words(c.body).filter((w) => w.length >= 2))
      const cited = (c.card?.basis ?? []).map((id) => {
        const [stem, n] = id.split('#') as [string, string]
        return reg(stem)!.articles.find((a) => a.n === Number.parseInt(n, 10))!.text
      })
      const citedWords = new Set(tok.words(cited.join('\n')))
      const shared = [...cardWords].filter((w) => citedWords.has(w))
      expect(shared.length, `${c.file} shares ${shared.join('、')}`).toBeGreaterThanOrEqual(5)
    }
  })

  it('repeats no 40 consecutive characters of any shared text (the cards are our own words)', () => {
    const W = 40
    const norm = (s: string) => s.replace(/\s+/g, '')
    const hash = (s: string, i: number) => {
      let h = 0x811c9dc5
      for (let j = i; j < i + W; j++) h = Math.imul(h ^ s.charCodeAt(j), 0x01000193)
      return h >>> 0
    }
    const windows = new Map<number, string[]>()
    for (const c of cards) {
      const t = norm(c.body)
      for (let i = 0; i + W <= t.length; i++) {
        const h = hash(t, i)
        windows.set(h, [...(windows.get(h) ?? []), `${c.file}:${t.slice(i, i + W)}`])
      }
    }
    const files: string[] = []
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n)
        if (statSync(p).isDirectory()) walk(p)
        else if (p.endsWith('.md')) files.push(p)
      }
    }
    walk(SHARED)
    const copied: string[] = []
    for (const f of files) {
      const t = norm(readFileSync(f, 'utf8'))
      for (let i = 0; i + W <= t.length; i++) {
        const hit = windows.get(hash(t, i))
        if (!hit) continue
        const span = t.slice(i, i + W)
        for (const w of hit) if (w.endsWith(span)) copied.push(`${w.split(':')[0]} ← ${f.split('/').slice(-2).join('/')}: ${span}`)
      }
    }
    expect(copied).toEqual([])
  }, 120_000)

  it('names only stems that exist in the shared corpus', () => {
    const catalog = Catalog.load(join(REGS, 'catalog.json'))
    const stems = catalog.families.flatMap((f) => f.versions.map((v) => v.stem).filter(Boolean)) as string[]
    expect(stems.length).toBeGreaterThan(20)
    for (const s of stems) expect(existsSync(join(SHARED, 'regulations', `${s}.md`)), s).toBe(true)
  })
})
