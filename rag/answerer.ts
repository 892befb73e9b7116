/**
 * Answers without any model (the default): the best article(s) quoted, the most relevant practice
 * passages, and numbered citations with title, article, version and status, short enough to read
 * on a phone. When nothing in the knowledge base supports an answer, a no-basis reply instead of
 * unrelated articles.
 *
 * @example const a = await new ExtractiveAnswerer(retriever).answer('谈话函询要多久回复')
 */
import { bigramContainment } from './ingest/citations.js'
import { articleLabel } from './ingest/numerals.js'
import { articleIdOf } from './lookup.js'
import type { HybridRetriever, Retrieval } from './retriever.js'
import { CARD_CATEGORY, type Answer, type Answerer, type Citation, type Hit, type ProvisionId, type Turn } from './types.js'

export interface AnswerPolicy {
  /** Minimum share of the question's weighted terms found in one of the best hits. */
  minCoverage: number
  /** The same minimum when the question uses the domain's own vocabulary. */
  minCoverageDomain: number
  articles: number
  passages: number
  /** Longest quoted excerpt of one article, in characters. */
  excerptChars: number
}

export const DEFAULT_POLICY: AnswerPolicy = { minCoverage: 0.34, minCoverageDomain: 0.1, articles: 3, passages: 2, excerptChars: 260 }

export const NO_BASIS_TEXT =
  '知识库中没有找到能回答这个问题的条文或实务材料，为避免误导，不作推测。\n可以换个说法，说明涉及的环节（如线索处置、谈话函询、初核、审理、处分），或用“/条 监察法 48”查具体条文。'

const STATUS_NOTE: Record<string, string> = { 现行有效: '现行有效', 已被取代: '已被取代', 已废止: '已废止' }

/** Words of the question, for choosing which 款 or sentence to quote. */
function keyChars(q: string): Set<string> {
  const s = new Set<string>()
  const t = q.replace(/[^\u4e00-\u9fff]/g, '')
  for (let i = 0; i + 1 < t.length; i++) s.add(t.slice(i, i + 2))
  return s
}

function overlap(text: string, keys: Set<string>): number {
  let n = 0
  const t = text.replace(/[^\u4e00-\u9fff]/g, '')
  for (let i = 0; i + 1 < t.length; i++) if (keys.has(t.slice(i, i + 2))) n++
  return n
}

/** The article itself when short; otherwise its lead and the 款 that best match the question. */
export function excerptArticle(h: Hit, q: string, max: number): string {
  const text = h.unit.text.replace(/^第[^条]{1,8}条\s*/, '')
  if (text.length <= max) return text
  const keys = keyChars(q)
  const parts = (h.unit.clauses?.length ? h.unit.clauses : text.split('\n')).flatMap((c) => c.split('\n'))
  const ranked = parts.map((p, i) => ({ p, i, s: overlap(p, keys) })).sort((a, b) => b.s - a.s || a.i - b.i)
  const chosen = new Set<number>([0])
  let len = (parts[0] ?? '').length
  for (const r of ranked) {
    if (chosen.has(r.i)) continue
    if (len + r.p.length > max && chosen.size > 1) break
    chosen.add(r.i)
    len += r.p.length
  }
  let out = ''
  let prev = -1
  for (const i of [...chosen].sort((a, b) => a - b)) {
    out += (prev >= 0 && i !== prev + 1 ? '……' : out ? '\n' : '') + parts[i]
    prev = i
  }
  if (prev < parts.length - 1) out += '……'
  return out.length > max + 80 ? out.slice(0, max) + '……' : out
}

/** The one or two sentences of a passage that best match the question. */
export function excerptPassage(h: Hit, q: string, max = 140): string {
  const keys = keyChars(q)
  const body = h.unit.text.startsWith(h.source.title) ? h.unit.text.slice(h.source.title.length) : h.unit.text
  const sentences = body.split(/(?<=[。！？；])/).map((s) => s.trim()).filter((s) => s.length >= 6)
  const ranked = sentences.map((s, i) => ({ s, i, v: overlap(s, keys) / Math.sqrt(s.length) })).sort((a, b) => b.v - a.v)
  const pick = ranked.slice(0, 2).sort((a, b) => a.i - b.i)
  let out = pick.map((x) => x.s).join('')
  if (out.length > max) out = out.slice(0, max) + '……'
  return out
}

export function citationOf(h: Hit, n: number, q: string, max: number): Citation {
  const s = h.source
  const isArticle = h.unit.kind === 'article'
  const c: Citation = {
    n,
    id: h.id,
    title: s.title,
    label: isArticle ? articleLabel(h.unit.article as number) : h.unit.breadcrumb.replace(/^《[^》]*》\s*/, '') || '全文',
    breadcrumb: h.unit.breadcrumb,
    status: s.status,
    excerpt: isArticle ? excerptArticle(h, q, max) : excerptPassage(h, q),
  }
  if (s.version) c.version = s.version
  if (s.statusNote) c.statusNote = s.statusNote
  return c
}

/** One line per citation: [1] 《标题》第二十一条（版本，现行有效） */
export function citationLine(c: Citation): string {
  const version = c.version ? (c.version.length > 28 ? c.version.slice(0, 28) + '…' : c.version) : ''
  if (!c.id.includes('#')) return `[${c.n}] 《${c.title}》${version ? `（${version}）` : ''}`
  const status = c.status === '现行有效' ? STATUS_NOTE[c.status] : `${c.status}${c.statusNote ? `：${c.statusNote}` : ''}`
  return `[${c.n}] 《${c.title}》${c.label}（${version ? `${version}，` : ''}${status}）`
}

export class ExtractiveAnswerer implements Answerer {
  constructor(
    private readonly retriever: HybridRetriever,
    private readonly policy: AnswerPolicy = DEFAULT_POLICY,
  ) {}

  async answer(q: string, o: { signal?: AbortSignal; history?: Turn[] } = {}): Promise<Answer> {
    const r = await this.retriever.search(q, { k: 10 })
    o.signal?.throwIfAborted()
    return this.compose(q, r)
  }

  /** Decides answer or no-basis from a retrieval, and writes the reply. */
  compose(q: string, r: Retrieval): Answer {
    const p = this.policy
    if (r.lookup && r.lookup.unit === undefined) {
      const src = r.lookup.source
      const text = src
        ? `《${src.title}》中没有第${r.lookup.ref.article}条（本知识库收录的文本共 ${this.count(src.key)} 条）。请核对条号或法规名称。`
        : `知识库中没有找到“${r.lookup.ref.name}”。可以用全称或常用简称，例如“监察法第48条”“规则第21条”。`
      return { kind: 'no-basis', text, citations: [] }
    }
    const supported =
      r.lookup?.unit !== undefined ||
      (r.hits.length > 0 && (r.confidence >= p.minCoverage || (r.domainWords > 0 && r.confidence >= p.minCoverageDomain)))
    if (!supported) return { kind: 'no-basis', text: NO_BASIS_TEXT, citations: [] }

    const articles = r.hits.filter((h) => h.unit.kind === 'article')
    const passages = r.hits.filter((h) => h.unit.kind === 'passage')
    const card = r.lookup?.bare ? undefined : this.pickCard(r.hits)
    if (card) return this.composeCard(q, card, articles, passages)
    const pickedArticles = r.lookup?.bare ? articles.slice(0, 1 + (articles[1]?.via.includes('version') ? 1 : 0)) : articles.slice(0, p.articles)
    const seenDocs = new Set<string>()
    const pickedPassages = r.lookup?.bare
      ? []
      : passages.filter((h) => !seenDocs.has(h.unit.source) && seenDocs.add(h.unit.source)).slice(0, p.passages)
    const citations: Citation[] = []
    const lines: string[] = []
    const quoted: Hit[] = []
    for (const h of pickedArticles) {
      const c = citationOf(h, citations.length + 1, q, r.lookup?.bare && h === pickedArticles[0] ? 2000 : p.excerptChars)
      citations.push(c)
      const mark = h.source.status === '现行有效' ? '' : `（${h.source.status}）`
      // Another version of an article already quoted, with the same words: one line, not a second quote.
      const body = (u: Hit) => u.unit.text.replace(/^第[^条]{1,8}条\s*/, '')
      const same = quoted.find(
        (x) => x.source.family && x.source.family === h.source.family && x.source.key !== h.source.key && Math.min(bigramContainment(body(h), body(x)), bigramContainment(body(x), body(h))) >= 0.9,
      )
      if (same) {
        lines.push(`（${h.unit.breadcrumb}${mark}内容${body(same) === body(h) ? '相同' : '基本相同'}[${c.n}]）`)
        continue
      }
      quoted.push(h)
      lines.push(`${h.unit.breadcrumb}${mark}：\n“${c.excerpt}”[${c.n}]`)
    }
    const first = pickedArticles[0]
    const current = r.lookup?.unit !== undefined && first?.source.status !== '现行有效' ? r.hits.find((h) => h.via.includes('version') && h.via.includes('lookup') && h.source.status === '现行有效') : undefined
    if (first && current) {
      lines.unshift(`按问题内容，“${articleLabel(r.lookup?.ref.article ?? 0)}”应是《${first.source.title}》的条号；现行文本中对应${current.unit.breadcrumb.replace(/^《[^》]*》\s*/, '').split(/\s+/).pop()}。`)
    } else if (r.caseDate && first && first.source.status !== '现行有效' && pickedArticles.some((h) => h.source.status === '现行有效' && h.source.family === first.source.family)) {
      lines.unshift(`问题所述事实发生在${r.caseDate.year}年前后：按“从旧兼从轻”，先列当时施行的版本，现行版本随后（现行规定不认为违纪或处理较轻的，适用现行规定）。`)
    }
    if (pickedPassages.length) {
      lines.push('相关实务材料：')
      for (const h of pickedPassages) {
        const c = citationOf(h, citations.length + 1, q, p.excerptChars)
        citations.push(c)
        lines.push(`·《${h.source.title}》：${c.excerpt}[${c.n}]`)
      }
    }
    const text = [...lines, '', '引用：', ...citations.map(citationLine)].join('\n')
    return { kind: 'answer', text, citations }
  }

  /** A procedure card that matches as well as the best passages do. */
  private pickCard(hits: Hit[]): Hit | undefined {
    const passages = hits.filter((h) => h.unit.kind === 'passage')
    const i = passages.findIndex((h) => h.source.category === CARD_CATEGORY)
    if (i < 0 || i > 2) return undefined
    const top = passages[0] as Hit
    return (passages[i] as Hit).score >= top.score * 0.75 ? passages[i] : undefined
  }

  /** Card first (its steps and time limits), then the articles it rests on, quoted when the texts are indexed. */
  private composeCard(q: string, card: Hit, articles: Hit[], passages: Hit[]): Answer {
    const p = this.policy
    const src = card.source
    const body = this.retriever
      .unitsOf(src.key)
      .map((u) => u.text)
      .join('\n')
      .split('\n')
      .filter((l) => l.trim() && l.trim() !== src.title && !l.startsWith('常见问法'))
    const citations: Citation[] = [{ n: 1, id: card.id, title: src.title, label: '办事指引', breadcrumb: card.unit.breadcrumb, status: src.status, excerpt: body.slice(0, 2).join('') }]
    const lines = [`【办事指引】${src.title}[1]`, ...body]
    const basisN = new Map<string, number>()
    for (const id of src.basis ?? []) {
      const d = this.retriever.describe(id)
      if (!d) continue
      const n = citations.length + 1
      basisN.set(articleIdOf(id), n)
      const hit = d.unit !== undefined ? articles.find((a) => a.id === id) ?? this.retriever.hitFor(d.unit) : undefined
      const c: Citation = {
        n,
        id: id as ProvisionId,
        title: d.title,
        label: d.label,
        breadcrumb: hit?.unit.breadcrumb ?? `《${d.title}》${d.label}`,
        status: d.status ?? '现行有效',
        excerpt: hit ? excerptArticle(hit, q, 120) : '',
      }
      if (d.version) c.version = d.version
      if (d.statusNote) c.statusNote = d.statusNote
      citations.push(c)
    }
    for (const l of src.limits ?? []) {
      const n = basisN.get(l.basis)
      lines.push(`期限：${l.what}，${l.from}${l.limit}${n ? `[${n}]` : ''}`)
    }
    // A time limit in working days, days or months can be put into the ledger with a reminder.
    const settable = (src.limits ?? []).find((l) => /^[0-9一二三四五六七八九十两]+个?(工作日|日|天|个月|月)$/.test(l.limit))
    if (settable) lines.push(`如需按“${settable.what}”的期限设置提醒，可私聊发送：/整改 新建 编号｜事项｜来源｜责任单位｜责任人｜督办人｜${settable.limit}（也可用 /期限 起算日期 ${settable.limit} 先算届满日）`)
    const quoted = citations.slice(1).filter((c) => c.excerpt)
    if (quoted.length) {
      lines.push('依据条文：')
      for (const c of quoted) lines.push(`${c.breadcrumb}${c.status === '现行有效' ? '' : `（${c.status}）`}：“${c.excerpt}”[${c.n}]`)
    } else if (citations.length > 1) {
      lines.push('依据条文见下方引用（知识库未收录这些条文原文，可导入官方文本后查看）。')
    }
    // One more article the card does not cite, when retrieval found it first.
    const extra = articles.find((a) => !basisN.has(a.id as string))
    if (extra && articles.indexOf(extra) === 0) {
      const c = citationOf(extra, citations.length + 1, q, 160)
      citations.push(c)
      lines.push(`另见 ${extra.unit.breadcrumb}：“${c.excerpt}”[${c.n}]`)
    }
    const doc = passages.find((h) => h.source.category !== CARD_CATEGORY)
    if (doc && p.passages > 0) {
      const c = citationOf(doc, citations.length + 1, q, p.excerptChars)
      citations.push(c)
      lines.push(`相关实务材料：《${doc.source.title}》：${c.excerpt}[${c.n}]`)
    }
    const text = [...lines, '', '引用：', ...citations.map((c) => (c.n === 1 ? `[1] 《${c.title}》（纪检助手办事指引，项目编写，供参考）` : citationLine(c) + (c.excerpt || c.id.includes('@') ? '' : '（知识库未收录原文）')))].join('\n')
    return { kind: 'answer', text, citations }
  }

  private count(key: string): number {
    return this.retriever.articleCount(key)
  }
}
