/**
 * The behaviour catalogue (regulations/catalogue/<stem>.json), written by the project article by
 * article: for each article, everyday descriptions of the situations it covers ("逢年过节收管理
 *对象的购物卡"), colloquial terms, a short subject and what kind of article it is (a violation, a
 * procedure, a rule on sanctions …). It is indexed as a field of its article, so that a question in
 * chat words reaches the article whose text uses the rules' words.
 *
 * @example const cat = BehaviourCatalogue.load(dir); cat.entry('jilv-chufen-tiaoli-2023#98')?.says
 */
import { z } from 'zod'
import { RagError } from '../errors.js'
import { duplicates, loadNamedJsonFolder } from './json-files.js'

export const ARTICLE_KINDS = ['violation', 'procedure', 'sanction-rule', 'organisation', 'general'] as const
export type ArticleKind = (typeof ARTICLE_KINDS)[number]

const EntrySchema = z.object({
  article: z.number().int().positive(),
  kind: z.enum(ARTICLE_KINDS),
  subject: z.string().min(1).max(20),
  says: z.array(z.string().min(4).max(60)).min(1).max(30),
  terms: z.array(z.string().min(1).max(12)).max(30).default([]),
})
export type BehaviourEntry = z.infer<typeof EntrySchema>

export const CatalogueFileSchema = z.object({
  regulation: z.string().regex(/^[a-z0-9-]+$/),
  articles: z.array(EntrySchema),
})

export class BehaviourCatalogue {
  private readonly entries = new Map<string, BehaviourEntry & { stem: string }>()
  /** A hash of the catalogue's content (part of the index identity). */
  readonly id: string

  /** `names`: the file each entry of `files` came from, for messages. */
  constructor(files: Array<z.infer<typeof CatalogueFileSchema>>, names: readonly string[] = []) {
    // An article written twice (in one file or in two files of one regulation) would silently keep only the last.
    const all = files.flatMap((f, k) => f.articles.map((a, i) => ({ id: `${f.regulation}#${a.article}`, at: `${names[k] ?? f.regulation} articles.${i}` })))
    const twice = duplicates(all, (x) => x.id)
    if (twice.length) throw new RagError('CATALOG_INVALID', `行为目录中有重复的条文：${twice.slice(0, 10).map((d) => `${d.key}（${d.at.map((i) => all[i]?.at).join('、')}）`).join('；')}`)
    let h = 0x811c9dc5
    for (const f of files) {
      for (const a of f.articles) {
        this.entries.set(`${f.regulation}#${a.article}`, { ...a, stem: f.regulation })
        for (const s of [a.kind, a.subject, ...a.says, ...a.terms].join('|')) {
          h ^= s.charCodeAt(0)
          h = Math.imul(h, 0x01000193)
        }
      }
    }
    this.id = `behaviours:${(h >>> 0).toString(16)}:${this.entries.size}`
  }

  static empty(): BehaviourCatalogue {
    return new BehaviourCatalogue([])
  }

  /** Loads every *.json of a folder (a missing folder is an empty catalogue). */
  static load(dir: string): BehaviourCatalogue {
    const files = loadNamedJsonFolder(dir, CatalogueFileSchema, '行为目录')
    return new BehaviourCatalogue(files.map((f) => f.data), files.map((f) => f.file))
  }

  entry(articleId: string): (BehaviourEntry & { stem: string }) | undefined {
    return this.entries.get(articleId)
  }

  /** The text indexed as the article's catalogue field: subject, descriptions and terms. */
  fieldText(articleId: string): string {
    const e = this.entries.get(articleId)
    return e ? [e.subject, ...e.says, ...e.terms].join('。') : ''
  }

  all(): Array<BehaviourEntry & { stem: string; id: string }> {
    return [...this.entries].map(([id, e]) => ({ ...e, id }))
  }

  get size(): number {
    return this.entries.size
  }
}
