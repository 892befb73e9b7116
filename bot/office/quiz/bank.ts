/**
 * The question bank: the project's built-in items (regulations/quiz/*.json), items generated from
 * the ingested texts, and banks trainers import. Each item gets a state from the checks
 * (check.ts) against the knowledge base: `ok` (asked), `superseded` (rests on a text no longer
 * in force: flagged, not asked as current), `flagged` (a check failed; the report says why).
 *
 * @example const bank = QuizBank.build({ builtin: loadBuiltinItems(dir), source, imported })
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { shortTitle } from '../../../rag/index.js'
import { articleLabel } from '../../../rag/index.js'
import type { Library } from '../../../rag/index.js'
import { articleIdOf } from '../../../rag/index.js'
import type { Status, Unit } from '../../../rag/index.js'
import { UserError } from '../../errors.js'
import { type ArticleSource, checkItem, duplicateStems } from './check.js'
import { type GenArticle, type GenerationStats, generateItems } from './generate.js'
import { type BankItem, type Origin, type QuizItem, QuizItemSchema } from './model.js'

/** Reads every built-in bank file; a malformed file is an error naming the file and the item. */
export function loadBuiltinItems(dir: string): QuizItem[] {
  let files: string[]
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  } catch {
    return []
  }
  return files.flatMap((f) => {
    const p = z.array(QuizItemSchema).safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')))
    if (!p.success) {
      const where = (i: (typeof p.error.issues)[number]) => `第 ${Number(i.path[0]) + 1} 题 ${i.path.slice(1).join('.')} ${i.message}`
      throw new UserError(`内置题库 ${f} 格式错误（${p.error.issues.length} 处）：${p.error.issues.slice(0, 20).map(where).join('；')}`)
    }
    return p.data
  })
}

/** The articles of the knowledge base as the checks read them. */
export function indexArticles(index: Library): ArticleSource & { inForce(): GenArticle[] } {
  const toText = (i: number): GenArticle => {
    const u = index.units[i] as Unit
    const s = index.source(u)
    const short = shortTitle(s.title)
    return { id: u.id as string, text: u.text, status: s.status, cite: `《${short}》${articleLabel(u.article ?? 0)}`, source: s.key, short }
  }
  const bySource = new Map<string, number[]>()
  for (const i of index.articleIdx) {
    const k = (index.units[i] as Unit).source
    bySource.set(k, [...(bySource.get(k) ?? []), i])
  }
  return {
    article(id) {
      const i = index.byId.get(articleIdOf(id))
      return i === undefined || (index.units[i] as Unit).kind !== 'article' ? undefined : toText(i)
    },
    siblings(id) {
      const i = index.byId.get(articleIdOf(id))
      return i === undefined ? [] : (bySource.get((index.units[i] as Unit).source) ?? []).map(toText)
    },
    inForce() {
      return [...bySource.entries()].filter(([k]) => {
        const s = index.sources.get(k)
        return s?.status === '现行有效' && !s.duplicateOf
      }).flatMap(([, xs]) => xs.map(toText))
    },
  }
}

export interface ImportedItem extends QuizItem {
  bank: string
}

export class QuizBank {
  private constructor(
    readonly items: BankItem[],
    readonly generation: GenerationStats | undefined,
  ) {}

  /**
   * Checks every item against the knowledge base. Built-in items whose texts are not ingested
   * keep the state the project's own test gave them (checked against the official texts in CI);
   * imported ones must be checkable here.
   */
  static build(o: { builtin: QuizItem[]; imported?: ImportedItem[]; source?: ArticleSource & { inForce(): GenArticle[] }; generate?: boolean; statusOf?: (basis: string) => { status?: Status; cite: string } | undefined }): QuizBank {
    const out: BankItem[] = []
    const add = (it: QuizItem, origin: Origin, bank: string, labelCheck: boolean) => {
      const a = o.source?.article(it.basis)
      let problems: string[] = []
      if (o.source && (a || origin !== 'builtin')) problems = checkItem(it, o.source, { labelCheck })
      // The status of the text the item rests on: from the knowledge base, else from the catalog
      // (a built-in item on a superseded text is not asked as current even without its text here).
      const known = a ?? o.statusOf?.(it.basis)
      const superseded = known?.status !== undefined && known.status !== '现行有效'
      out.push({ ...it, origin, bank, problems: superseded && !problems.length ? [`所引${known.cite}${known.status}，不作为现行规定出题`] : problems, state: problems.length ? 'flagged' : superseded ? 'superseded' : 'ok' })
    }
    for (const it of o.builtin) add(it, 'builtin', '内置', false)
    for (const it of o.imported ?? []) add(it, 'imported', it.bank, true)
    let generation: GenerationStats | undefined
    if (o.generate && o.source) {
      const g = generateItems(o.source.inForce(), o.source)
      generation = g.stats
      for (const it of g.items) add(it, 'generated', '法规生成', false)
    }
    // A duplicate stem within one bank is flagged on the later copy.
    for (const bank of new Set(out.map((i) => i.bank))) {
      const list = out.filter((i) => i.bank === bank)
      const dup = duplicateStems(list)
      for (const it of list) {
        const f = dup.get(it.id)
        if (f) {
          it.problems.push(`题干与 ${f} 重复`)
          it.state = 'flagged'
        }
      }
    }
    return new QuizBank(out, generation)
  }

  get(id: string): BankItem | undefined {
    return this.items.find((i) => i.id === id)
  }

  /** Items that may be asked, optionally narrowed to a topic, a regulation or a word. */
  askable(filter?: (it: BankItem) => boolean): BankItem[] {
    return this.items.filter((i) => i.state === 'ok' && (!filter || filter(i)))
  }
}

