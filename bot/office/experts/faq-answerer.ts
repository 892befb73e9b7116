/**
 * Expert-confirmed answers first: a question an approved FAQ entry answers gets that entry, with
 * its citations (version and status as they are now) and "经专家确认"; any other question goes to
 * the answerer it wraps.
 */
import { compactCitation, plainText } from '../../../rag/index.js'
import type { Answer, ArticleAnswerer, Block, Citation, Retriever, Turn } from '../../../rag/index.js'
import type { ExpertDesk } from './desk.js'

export const CONFIRMED = '经专家确认'

export class FaqAnswerer implements ArticleAnswerer {
  constructor(
    private readonly inner: ArticleAnswerer,
    private readonly desk: ExpertDesk,
    private readonly retriever: Retriever,
  ) {}

  lookupArticle(name: string, article: number, clause?: number): Promise<Answer> {
    return this.inner.lookupArticle(name, article, clause)
  }

  async answer(q: string, o: { signal?: AbortSignal; history?: Turn[]; focus?: string } = {}): Promise<Answer> {
    // A follow-up is read with the question before it: the FAQ answers the sentence that asks.
    const f = this.desk.match(o.focus ?? q)
    if (!f) return this.inner.answer(q, o)
    const citations: Citation[] = f.citations.flatMap((c, i) => {
      const d = this.retriever.describe(c.id)
      if (!d) return []
      return [{ n: i + 1, id: c.id as Citation['id'], title: d.title, label: d.label, breadcrumb: `《${d.title}》${d.label}`, ...(d.version ? { version: d.version } : {}), status: d.status ?? '现行有效', ...(d.statusNote ? { statusNote: d.statusNote } : {}), excerpt: '' }]
    })
    const date = (f.approvedAt ?? f.createdAt).slice(0, 10)
    const blocks: Block[] = [{ kind: 'lead', text: f.answer }, { kind: 'note', text: `（${CONFIRMED}，${date}）` }, { kind: 'citations', lines: citations.map(compactCitation) }]
    return { kind: 'answer', text: plainText(blocks), blocks, lead: f.answer.split(/(?<=[。！？])/)[0] ?? f.answer, citations, hints: ['original'], faq: `F${f.id}` }
  }
}
