/**
 * Answers without any model (the default): the best article(s) quoted, the most relevant practice
 * passages, and numbered citations with title, article, version and status, short enough to read
 * on a phone. When nothing in the knowledge base supports an answer, a no-basis reply instead of
 * unrelated articles.
 *
 * @example const a = await new ExtractiveAnswerer(retriever, { rules }).answer('谈话函询要多久回复')
 */
import { type BasisPolicy, type BasisRules, DEFAULT_BASIS } from './basis.js'
import { type Block, plainText } from './blocks.js'
import { bigramContainment } from '../ingest/citations.js'
import { articleLabel } from '../text/numerals.js'
import type { BehaviourCatalogue } from '../data/behaviours.js'
import { QUIZ_FORM, intentsOf } from '../query/intent.js'
import { articleIdOf } from '../query/lookup.js'
import { type Asked, type AskedPart, DATUM_KINDS, askedFollowUp, askedOf, askingText, weakTopic } from '../query/asked.js'
import { type AnswerabilityPolicy, type Classifier, DEFAULT_ANSWERABILITY, LABEL_WHY, type Prediction } from './classifier.js'
import { shortTitle } from '../data/catalog.js'
import { type Candidate, DEFAULT_EVIDENCE, type DomainTerms, type EvidencePolicy, FACT, type PartEvidence, type Sentence, checkPart, sentencesOf } from './evidence.js'
import type { Synonyms } from '../query/expand.js'
import { LEAD_CHARS, missingLine, shorten, unansweredLine } from './lead.js'
import type { Retrieval, Retriever } from '../types.js'
import { CARD_CATEGORY, type Answer, type ArticleAnswerer, type Citation, type Hint, type Hit, type ProvisionId, type Turn } from '../types.js'

export interface AnswerPolicy {
  basis: BasisPolicy
  evidence: EvidencePolicy
  /** Articles searched for the asked fact (the first ones of the ranking). */
  evidenceArticles: number
  articles: number
  passages: number
  /** Longest quoted excerpt of one article, in characters. */
  excerptChars: number
  /** When the learned answerability classifier refuses (used only when one is given). */
  answerability: AnswerabilityPolicy
}

export const DEFAULT_POLICY: AnswerPolicy = { basis: DEFAULT_BASIS, evidence: DEFAULT_EVIDENCE, evidenceArticles: 10, articles: 3, passages: 2, excerptChars: 260, answerability: DEFAULT_ANSWERABILITY }

export const NO_BASIS_TEXT =
  '知识库中没有找到能回答这个问题的条文或实务材料，为避免误导，不作推测。\n可以换个说法，说明涉及的环节（如线索处置、谈话函询、初核、审理、处分）。'

export const outsideText = (why: string) =>
  `这个问题属于${why}，不在本助手依据的纪检监察法规和实务文件范围内，为避免误导，不作回答。\n可以问党纪处分、政务处分、线索处置、审查调查、审理、问责、整改等方面的问题。`

type NoBasis = Extract<Answer, { kind: 'no-basis' }>
/** The no-basis reply: one block of text, no citations. */
export const noBasis = (o: Omit<NoBasis, 'kind' | 'blocks' | 'citations'>): NoBasis => ({ kind: 'no-basis', ...o, blocks: [{ kind: 'line', text: o.text }], citations: [] })

/** First line of an answer whose evidence is thin: the articles shown are the closest, not a verdict. */
export const WEAK_NOTE = '以下条文可能相关，请核对原文后再使用（知识库中没有找到直接对应的规定）：'

/** Kinds whose fact a sentence states literally (a number of days, an organ that approves). */
const LITERAL: ReadonlySet<AskedPart['kind']> = new Set(['time-limit', 'approver'])
/** Kinds almost any normative sentence answers in part: they never make an answer weak or absent. */
const LENIENT: ReadonlySet<AskedPart['kind']> = new Set(['general', 'procedure', 'condition', 'qualify', 'sanction'])

/**
 * A sentence that qualifies the one before it: an extension, an exception, a prohibition or a
 * limit ("情况复杂的，经批准可以延长……", "但是……", "……除外", "不得超过……").
 */
const QUALIFIER = /^(但是?|除|(在|对于?|遇有|有)?(特殊情况|情况复杂|案情复杂|重大复杂|重大、复杂)|确有必要|确需|经批准|逾期|不得|延长)|除外[。；]?$|延长[^。；]{0,20}(不得超过|最长|以一次为限)|(确有(需要|必要)|确需)[^。；]{0,40}经[^。；]{0,30}(批准|同意)/

/**
 * The lead sentence, shortened, with the sentence after it in the same article when that one
 * qualifies it (a time limit without its extension, a rule without its exception, read as absolute,
 * was a common misleading reply), when both fit in one line.
 */
function withQualifier(s: Sentence, articleText: string | undefined, fact: RegExp | undefined): string {
  const first = shorten(s, fact)
  if (!articleText || s.items) return first
  const all = sentencesOf(articleText)
  const i = all.findIndex((x) => x.text === s.text)
  const next = i >= 0 ? all[i + 1] : undefined
  if (!next || next.lead !== s.lead || next.items || !QUALIFIER.test(next.text)) return first
  const more = shorten(next, undefined)
  return first.length + more.length <= LEAD_CHARS * 1.6 ? `${first.replace(/。$/, '；')}${more}` : first
}

/** The no-basis reply when the texts found do not state what is asked: what was not found, first. */
export const missingText = (p: AskedPart) =>
  `${missingLine(p)}知识库中的条文和实务材料没有这方面的内容，为避免误导，不作推测。\n可以向负责该事项的部门核实；问的是纪检监察程序、期限、审批或处分的，可以换个说法再问。`

/** A citation in the first message: short title, article, version, status. */
export function compactCitation(c: Citation): string {
  const version = c.version?.split(/[，,]/)[0]
  if (!c.id.includes('#')) return `[${c.n}] 《${c.title}》`
  const now = c.statusNote?.replace(/^已被/, '').replace(/取代.*$/, '').slice(0, 16)
  const status = c.status === '现行有效' ? '现行有效' : `${c.status}${now ? `，现行为${now}` : ''}`
  return `[${c.n}] 《${shortTitle(c.title)}》${c.label}（${version ? `${version}，` : ''}${status}）`
}

/** An article of the "另见" line: regulation and number, and the status when not in force. */
export const otherLine = (c: Citation) => `[${c.n}]《${shortTitle(c.title)}》${c.label}${c.status === '现行有效' ? '' : `（${c.status}）`}`

/** The first `n` articles, with every holder of an asked part among them. */
function pickWithHolders(articles: Hit[], holders: string[], n: number): Hit[] {
  const out = articles.slice(0, n)
  for (const id of holders) if (!out.some((h) => h.id === id)) out.push(...articles.filter((h) => h.id === id))
  return out
}

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

/** "情节较轻的，给予警告或者严重警告处分" … as a list, in the order the article gives them. */
export function sanctionLadder(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(/(情节较轻的|情节较重的|情节严重的|情节特别严重的|[^，。；]{0,12}的)?[，,]?\s*(?:依照[^，。；]*?)?给予([^。；]{1,40}?)处分/g)) {
    const plot = (m[1] ?? '').replace(/^[^\u4e00-\u9fff]+/, '').replace(/的$/, '')
    const what = (m[2] as string).replace(/^[，,\s]+/, '')
    // Only 情节 grades name a rung; other "……的" are the behaviour itself.
    out.push(`${/^情节/.test(plot) ? `${plot}：` : ''}${what}`)
  }
  return [...new Set(out)].slice(0, 4)
}

/** One line per citation: [1] 《标题》第二十一条（版本，现行有效） */
export function citationLine(c: Citation): string {
  const version = c.version ? (c.version.length > 28 ? c.version.slice(0, 28) + '…' : c.version) : ''
  if (!c.id.includes('#')) return `[${c.n}] 《${c.title}》${version ? `（${version}）` : ''}`
  const status = c.status === '现行有效' ? STATUS_NOTE[c.status] : `${c.status}${c.statusNote ? `：${c.statusNote}` : ''}`
  return `[${c.n}] 《${c.title}》${c.label}（${version ? `${version}，` : ''}${status}）`
}

export interface AnswererDeps {
  /** What puts a question outside the knowledge base (regulations/basis-rules.json). */
  rules: BasisRules
  policy?: AnswerPolicy
  behaviours?: BehaviourCatalogue
  /** Colloquial wording → the rules' wording, for finding the question's topic in a sentence. */
  synonyms?: Synonyms
  /** Words of the domain (regulations/dict.txt): a term the question's topic names must be in the article that answers. */
  terms?: DomainTerms
  /** Learned from the question bank (regulations/answerability/): how likely the texts cannot answer a question of this kind. */
  classifier?: Classifier
}

export class ExtractiveAnswerer implements ArticleAnswerer {
  private readonly policy: AnswerPolicy
  private readonly behaviours?: BehaviourCatalogue
  private readonly rules: BasisRules
  private readonly synonyms: Synonyms
  private readonly terms: DomainTerms
  private readonly classifier?: Classifier

  constructor(
    private readonly retriever: Retriever,
    d: AnswererDeps,
  ) {
    this.policy = d.policy ?? DEFAULT_POLICY
    this.rules = d.rules
    this.synonyms = d.synonyms ?? new Map()
    this.terms = d.terms ?? { words: [], variants: new Map() }
    if (d.behaviours) this.behaviours = d.behaviours
    if (d.classifier) this.classifier = d.classifier
  }

  /**
   * /条: one article by regulation name and number (and 款), never a search: an unknown name or
   * number gets a "没有……" reply.
   */
  async lookupArticle(name: string, article: number, clause?: number): Promise<Answer> {
    const r = await this.retriever.search(`${name}第${article}条`, { k: 10 })
    if (!r.lookup) return noBasis({ text: `知识库中没有找到名为“${name.slice(0, 30)}”的法规。可以用全称或常用简称（如 监察法、规则、条例）。`, hints: ['lookup'] })
    const a = this.compose(`${name}第${article}条`, r)
    if (a.kind !== 'answer' || clause === undefined) return a
    const unit = r.lookup.unit === undefined ? undefined : r.hits.find((h) => h.unit.kind === 'article')?.unit
    const clauses = unit?.clauses ?? []
    if (clause < 1 || clause > clauses.length) return noBasis({ text: `${unit?.breadcrumb ?? `第${article}条`}没有第${clause}款（该条共 ${clauses.length || 1} 款）。` })
    const c = a.citations[0] as Citation
    const blocks: Block[] = [
      { kind: 'quote', label: `${unit?.breadcrumb}第${clause}款（${c.version ? `${c.version}，` : ''}${c.status}）`, text: clauses[clause - 1] as string, n: 1 },
      { kind: 'citations', heading: true, lines: [citationLine(c)] },
    ]
    return { kind: 'answer', text: plainText(blocks), blocks, citations: [c], detail: a.detail ?? a.text, more: a.more ?? a.blocks }
  }

  async answer(q: string, o: { signal?: AbortSignal; history?: Turn[]; focus?: string } = {}): Promise<Answer> {
    const r = await this.retriever.search(q, { k: 10, ...(o.focus ? { focus: o.focus } : {}) })
    o.signal?.throwIfAborted()
    return this.compose(q, r, o.focus)
  }

  /**
   * Decides answer or no-basis from a retrieval, and writes the reply. `followUp` is the asking
   * sentence when `q` is a follow-up read with the question before it.
   */
  compose(q: string, r: Retrieval, followUp?: string): Answer {
    const p = this.policy
    if (r.lookup && r.lookup.unit === undefined) {
      const src = r.lookup.source
      const text = src
        ? `《${src.title}》中没有第${r.lookup.ref.article}条（本知识库收录的文本共 ${this.count(src.key)} 条）。请核对条号或法规名称。`
        : `知识库中没有找到“${r.lookup.ref.name}”。可以用全称或常用简称，例如“监察法第48条”“规则第21条”。`
      return noBasis({ text })
    }
    const basis = this.rules.judge({ question: q, coverage: r.hits.length ? r.confidence : 0, lookup: r.lookup?.unit !== undefined }, p.basis)
    const mode = this.classifier ? p.answerability.mode : 'rules'
    if (basis.outside && mode !== 'learned') return noBasis({ text: outsideText(basis.outside), hints: ['lookup'], outside: true })
    // The learned check reads the asking sentences (a story's setting is not what is asked); a
    // bare reference to an article is never refused.
    // A quiz item on the rules ("……是指（ ）") is about the texts by its form: the bank holds no such items.
    // A question asking how to qualify conduct (定性) is the domain's own question, whatever its story says.
    const askingPart = askingText(followUp && q.endsWith(followUp) ? followUp : q)
    const learned = r.lookup || mode === 'rules' || QUIZ_FORM.test(q) || intentsOf(askingPart).includes('qualify') ? undefined : this.classifier?.predict(askingPart)
    // The ranking lists different provisions first (versions spread apart); an answer quotes a
    // provision with its other version right after it.
    const articles = pairVersions(
      r.hits.filter((h) => h.unit.kind === 'article'),
      (h) => this.retriever.counterpartIds(h.id),
    )
    const passages = r.hits.filter((h) => h.unit.kind === 'passage')
    let card = r.lookup?.bare ? undefined : this.pickCard(r, articles, askingPart)
    // The catalogue knows the article, the knowledge base lacks its text: say where to look instead
    // of showing an unrelated card.
    const hint = !card && (!articles.length || r.confidence < p.basis.strong) ? this.catalogueHint(r) : undefined
    if (hint) return noBasis({ text: hint, hints: ['ingest'] })
    if (basis.support === 'none' || (!articles.length && !card)) return noBasis({ text: NO_BASIS_TEXT, hints: ['lookup'] })

    // What is asked, and whether the texts found hold it (asked.ts, evidence.ts). A datum the
    // texts never state (an amount, a format, a rank …) is no basis whatever the topic; a time limit
    // or an approver no candidate states near the topic likewise.
    const asked = r.lookup ? undefined : followUp && q.endsWith(followUp) && q !== followUp ? askedFollowUp(q.slice(0, -followUp.length).trim(), followUp) : askedOf(q)
    const candidates: Candidate[] = [
      ...(card ? [{ id: card.id as string, text: this.cardLines(card).join('\n') }] : []),
      ...articles.slice(0, p.evidenceArticles).map((h) => ({ id: h.id as string, text: h.unit.text, says: this.says(h), ...(h.source.status === '现行有效' ? {} : { old: true }) })),
    ]
    // A 定性 part names no topic of its own ("这种情况该怎么处理"): the story is what the sentence must match.
    const topicOf = (part: AskedPart): AskedPart => (part.kind === 'qualify' && weakTopic(part.topic) ? { ...part, topic: q } : part)
    const evidence = (asked?.parts ?? []).map((part) => ({ part, ...checkPart(topicOf(part), candidates, this.synonyms, p.evidence, this.terms) }))
    const main = evidence[0]
    if (learned && mode === 'learned') {
      if (learned.unanswerable >= p.answerability.alone) return this.refusal(learned, main?.part)
    } else if (main && main.status !== 'holds' && (DATUM_KINDS.has(main.part.kind) || (LITERAL.has(main.part.kind) && main.status === 'absent' && !weakTopic(main.part.topic.replace(/…/g, ' '))))) {
      // A time limit or approver asked with no topic of its own ("批下来管几个月") is read from the
      // clause before it, which may not be what the question is about: its absence is not decisive.
      return noBasis({ text: missingText(main.part), hints: ['lookup'], missing: missingLine(main.part) })
    }
    // A neighbouring field's term (试用期, 取保候审, 差旅费 …) that no text found contains: that field's
    // rules answer the question, not these.
    if (mode !== 'learned' && !r.lookup) {
      const asking = askingText(followUp && q.endsWith(followUp) ? followUp : q)
      const found = candidates.flatMap((c) => [c.text, ...(c.says ?? [])])
      const foreign = this.rules.neighbourTerms(asking).find((t) => !found.some((x) => x.includes(t)))
      if (foreign) return noBasis({ text: `法规中没有关于“${foreign}”的规定。${outsideText(LABEL_WHY.neighbour)}`, hints: ['lookup'], missing: `法规中没有关于“${foreign}”的规定。`, outside: true })
    }
    // The learned check reads only the question; the evidence outranks it. A question of a kind the
    // texts never answer is refused when the classifier is sure and no sentence holds the specific
    // fact asked, or when it doubts and no sentence even states a fact of the asked kind near the
    // topic (a thin match keeps the hedged answer: the days are there, the wording differs).
    if (learned && mode === 'both') {
      const { refuse, doubt } = p.answerability
      const specific = !!main && !LENIENT.has(main.part.kind)
      const holds = specific && main.status === 'holds'
      const near = specific && main.status !== 'absent'
      if ((learned.unanswerable >= refuse && !holds) || (learned.unanswerable >= doubt && !near)) return this.refusal(learned, main?.part)
    }
    // A low retrieval score is lifted when a sentence holds the specific fact asked (the days, the approver, the datum).
    const held = !!main && main.status === 'holds' && !LENIENT.has(main.part.kind)
    const weak = (basis.support === 'weak' && !held) || (!!main && LITERAL.has(main.part.kind) && main.status === 'thin')
    // A card that does not rest on the article holding the asked fact answers another question
    // ("留置最长多久" is not the 责令候查 card's question).
    if (card && main?.status === 'holds' && main.best && main.best.id !== card.id && !LENIENT.has(main.part.kind)) {
      const held = [articleIdOf(main.best.id), ...this.retriever.counterpartIds(main.best.id)]
      if (!(card.source.basis ?? []).some((b) => held.includes(articleIdOf(b)))) card = undefined
    }

    // Without articles, a card is the closest there is: shown under the hedge when the evidence is thin.
    if (card && (!weak || !articles.length)) return this.composeCard(q, card, articles, passages, evidence, weak)
    // A bare reference shows the article and, when there is one, the same provision in its other version.
    const sameProvision = (a: Hit, b: Hit | undefined) => !!b && this.retriever.counterpartIds(a.id).includes(articleIdOf(b.id))
    // The article that holds the asked fact leads (a time limit answered by the neighbouring article
    // of the right regulation was the commonest misleading reply); so do the holders of the other parts.
    const holders = evidence.filter((e) => e.status === 'holds' && e.best && !LENIENT.has(e.part.kind)).map((e) => e.best?.id as string)
    // A holder moves up with its other versions, in the order the ranking gave them (a case from 2019 keeps its version first).
    const group = new Set(holders.flatMap((id) => [id, ...this.retriever.counterpartIds(id)]))
    const lead = holders.length ? [...articles.filter((h) => group.has(articleIdOf(h.id))), ...articles.filter((h) => !group.has(articleIdOf(h.id)))] : articles
    const pickedArticles = r.lookup?.bare ? articles.slice(0, 1 + (sameProvision(articles[0] as Hit, articles[1]) ? 1 : 0)) : pickWithHolders(lead, holders, p.articles)
    const seenDocs = new Set<string>()
    // Practice passages only when they are about the provision the answer quotes (they cite it).
    const about = new Set(pickedArticles.flatMap((h) => [articleIdOf(h.id), ...this.retriever.counterpartIds(h.id)]))
    const pickedPassages = r.lookup?.bare
      ? []
      : passages.filter((h) => h.source.category !== CARD_CATEGORY && (h.unit.cites ?? []).some((c) => about.has(articleIdOf(c))) && !seenDocs.has(h.unit.source) && seenDocs.add(h.unit.source)).slice(0, p.passages)
    const citations: Citation[] = []
    const rest: Block[] = []
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
        rest.push({ kind: 'line', text: `（${h.unit.breadcrumb}${mark}内容${body(same) === body(h) ? '相同' : '基本相同'}[${c.n}]）` })
        continue
      }
      quoted.push(h)
      rest.push({ kind: 'quote', label: `${h.unit.breadcrumb}${mark}`, text: c.excerpt, n: c.n })
    }
    const first = pickedArticles[0]
    const current = r.lookup?.unit !== undefined && first?.source.status !== '现行有效' ? r.hits.find((h) => h.via.includes('version') && h.via.includes('lookup') && h.source.status === '现行有效') : undefined
    if (first && current) {
      rest.unshift({ kind: 'note', text: `按问题内容，“${articleLabel(r.lookup?.ref.article ?? 0)}”应是《${first.source.title}》的条号；现行文本中对应${current.unit.breadcrumb.replace(/^《[^》]*》\s*/, '').split(/\s+/).pop()}。` })
    } else if (r.caseDate && first && first.source.status !== '现行有效' && pickedArticles.some((h) => h.source.status === '现行有效' && h.source.family === first.source.family)) {
      rest.unshift({ kind: 'note', text: `问题所述事实发生在${r.caseDate.year}年前后：按“从旧兼从轻”，先列当时施行的版本，现行版本随后（现行规定不认为违纪或处理较轻的，适用现行规定）。` })
    }
    if (pickedPassages.length) {
      rest.push({ kind: 'heading', text: '相关实务材料：' })
      for (const h of pickedPassages) {
        const c = citationOf(h, citations.length + 1, q, p.excerptChars)
        citations.push(c)
        rest.push({ kind: 'passage', title: h.source.title, text: c.excerpt, n: c.n })
      }
    }
    const moreBlocks: Block[] = [...(weak ? [{ kind: 'note' as const, text: WEAK_NOTE }] : []), ...rest, { kind: 'citations', heading: true, lines: citations.map(citationLine) }]
    const detail = plainText(moreBlocks)
    if (r.lookup?.bare) return { kind: 'answer', text: detail, blocks: moreBlocks, citations }
    const verdict = weak ? undefined : this.verdict(q, pickedArticles, articles, r.frame, r.catalogue)
    const more = citations.length > 1 || pickedArticles.some((h) => h.unit.text.length > 150)
    // A note on versions (the old numbering, a case from an older version's time) stays in the first message.
    const notes = rest[0]?.kind === 'note' ? [rest[0] as { kind: 'note'; text: string }] : []
    const leads = this.leadLines(q, asked, evidence, pickedArticles, citations, verdict).map((text) => ({ kind: text === verdict ? ('verdict' as const) : ('lead' as const), text }))
    const blocks = this.short(weak, [...notes, ...leads], citations)
    return {
      kind: 'answer',
      text: plainText(blocks),
      blocks,
      lead: [...notes, ...leads][0]?.text ?? '',
      citations,
      detail,
      more: moreBlocks,
      ...(verdict ? { verdict } : {}),
      ...(weak ? { weak } : {}),
      ...(more ? { hints: ['detail', 'original'] as Hint[] } : {}),
    }
  }

  /**
   * A procedure card that matches as well as the best passages do, and is about the question's
   * subject: it rests on one of the best articles, or on an article the catalogue matches best.
   */
  private pickCard(r: Retrieval, articles: Hit[], asking: string): Hit | undefined {
    const passages = r.hits.filter((h) => h.unit.kind === 'passage')
    const top = passages[0]
    let cards = passages.slice(0, 5).filter((h) => h.source.category === CARD_CATEGORY && h.score >= (top?.score ?? 0) * 0.75)
    if (!cards.length) return undefined
    // A card whose title names what the question asks about comes before cards that only share a
    // cited article ("留置最长多久" → the 留置 card, not the 强制到案 card that cites the same
    // article on counting the days).
    const named = cards.filter((c) => this.titleTerms(c, cards).some((w) => asking.includes(w)))
    if (named.length) cards = named
    const basisOf = (c: Hit) => new Set((c.source.basis ?? []).map((b) => articleIdOf(b)))
    const hitsBasis = (c: Hit, ids: string[]) => ids.some((id) => basisOf(c).has(id))
    const versions = (id: string) => [id, ...this.retriever.counterpartIds(id), ...this.retriever.familyCounterparts(id)]
    // When the catalogue reads the question clearly, the card resting on its best-ranked article wins
    // ("留置时间最长多久" → the 留置 card, not the 责令候查 card that also cites a time-limit article).
    const cat = (r.catalogue ?? []).filter((c) => c.coverage >= 0.3)
    if (cat.length) {
      const rankOf = (c: Hit) => {
        const i = cat.findIndex((e) => hitsBasis(c, versions(e.id)))
        return i < 0 ? Infinity : i
      }
      const ranked = cards.map((c) => ({ c, k: rankOf(c) })).sort((x, y) => x.k - y.k)
      if ((ranked[0] as { k: number }).k < Infinity) return (ranked[0] as { c: Hit }).c
    }
    // Otherwise the card must rest on the best article (or its other version); with no articles at
    // all, a card stands unless the question is about a violation (cards are procedures).
    const best = articles[0]
    if (best) return cards.find((c) => hitsBasis(c, [articleIdOf(best.id), ...this.retriever.counterpartIds(best.id)]))
    return cat[0] && this.behaviours?.entry(cat[0].id)?.kind === 'violation' ? undefined : cards[0]
  }

  /** Domain terms of a card's title that not every candidate card's title shares. */
  private titleTerms(c: Hit, cards: Hit[]): string[] {
    const inTitle = (h: Hit, w: string) => h.source.title.includes(w)
    return this.terms.words.filter((w) => w.length >= 2 && inTitle(c, w) && !cards.every((o) => inTitle(o, w)))
  }

  /** "This is about 《条例》第九十七条 (收受礼品礼金); import the texts", from the catalogue alone. */
  private catalogueHint(r: Retrieval): string | undefined {
    const best = r.catalogue?.[0]
    if (!best || best.coverage < 0.3 || !this.behaviours) return undefined
    // Only when the best match's text is missing and no article here matches nearly as well.
    if (this.retriever.describe(best.id)?.inIndex) return undefined
    if ((r.catalogue ?? []).some((c) => c.score >= best.score * 0.7 && this.retriever.describe(c.id)?.inIndex)) return undefined
    const names = (r.catalogue ?? []).filter((c) => c.score >= best.score * 0.8).slice(0, 2).flatMap((c) => {
      const d = this.retriever.describe(c.id)
      const e = this.behaviours?.entry(c.id)
      return d && e ? [`《${d.title}》${d.label}（${e.subject}）`] : []
    })
    if (!names.length) return undefined
    return `知识库中没有收录能回答这个问题的条文原文，内置的办事指引也不涉及。按本助手的条文目录，这类问题通常要看${names.join('、')}。请导入官方文本后再问，以便引用原文核对。`
  }

  /**
   * For a question asking how to qualify a behaviour: the discipline, the article, its sanction
   * ladder, and for public servants who are not party members the matching 政务处分法 article.
   */
  private verdict(q: string, picked: Hit[], articles: Hit[], frame?: Retrieval['frame'], catalogue?: Retrieval['catalogue']): string | undefined {
    if (!intentsOf(q).includes('qualify')) return undefined
    const first = picked.find((h) => this.kindOf(h) === 'violation')
    if (!first || first !== picked[0]) return undefined
    const disciplineOf = (h: Hit) => /对违反(.{2,6}?纪律)行为的处分/.exec(h.unit.heading ?? '')?.[1]
    const labelOf = (h: Hit) => h.unit.breadcrumb.replace(/^《[^》]*》\s*/, '').split(/\s+/).pop()
    const subjectOf = (h: Hit) => this.behaviours?.entry(h.id)?.subject ?? [...this.retriever.counterpartIds(h.id)].map((c) => this.behaviours?.entry(c)?.subject).find(Boolean)
    const provision = (h: Hit) => [articleIdOf(h.id), ...this.retriever.counterpartIds(h.id)]
    const ladder = sanctionLadder(first.unit.text)
    const label = labelOf(first)
    const short = first.source.title.replace(/（[^）]*）/g, '')
    const subject = subjectOf(first)
    // The article the behaviour catalogue matches best agrees with the ranking: the verdict is stated.
    // When it does not, the ranking's first violation article is right about half the time and the
    // next one often is (measured on the tuning sets, DESIGN.md): both are named, to be checked.
    const top = catalogue?.[0]?.id
    const agreed = !top || provision(first).includes(articleIdOf(top))
    const other = (h: Hit) => h !== first && !provision(first).includes(articleIdOf(h.id)) && this.kindOf(h) === 'violation' && h.source.key === first.source.key
    const alt = agreed ? undefined : (articles.find((h) => other(h) && provision(h).includes(articleIdOf(top as string))) ?? articles.find(other))
    const discipline = disciplineOf(first)
    const named = `${label}${subject ? `（${subject}）` : ''}${first.source.status === '现行有效' ? '' : `（${first.source.status}）`}`
    const parts = alt
      ? [`定性参考（两条都可能，请对照案情核对）：${discipline && disciplineOf(alt) === discipline ? `属于违反${discipline}的行为，` : ''}适用《${short}》${named}或${labelOf(alt)}${subjectOf(alt) ? `（${subjectOf(alt)}）` : ''}。`]
      : [`定性参考：${discipline ? `属于违反${discipline}的行为，` : ''}适用《${short}》${named}。`]
    if (ladder.length) parts.push(`${alt ? `${label}` : ''}处分幅度：${ladder.join('；')}。`)
    // The project's correspondence table names the parallel 政务处分法 article. Only for a 条例 article
    // the table does not list, a retrieved 政务处分法 violation article stands in; a listed article with
    // no parallel is a party-internal behaviour and gets none.
    const listed = this.retriever.parallelsOf(first.id)
    const retrieved = !listed && first.source.key.startsWith('jilv-chufen-tiaoli') ? articles.find((h) => h !== first && h.source.key.startsWith('zhengwu-chufen-fa') && this.kindOf(h) === 'violation')?.id : undefined
    const govIds = listed ? listed.zhengwu : retrieved ? [retrieved] : []
    if (govIds.length) {
      const title = (this.retriever.describe(govIds[0] as string)?.title ?? '中华人民共和国公职人员政务处分法').replace(/^中华人民共和国/, '').replace(/（[^）]*）/g, '')
      const names = govIds.slice(0, 2).map((id) => `${articleLabel(Number(id.split('#')[1]))}${this.behaviours?.entry(id) ? `（${this.behaviours.entry(id)?.subject}）` : ''}`)
      parts.push(`非党员公职人员：对应《${title}》${names.join('、')}。`)
    } else if (listed && (frame === 'gov' || frame === 'soe')) {
      parts.push(`《${short}》只适用于党员；按本助手的条文对应表，政务处分法没有与此对应的条文（属党内纪律），请核对。`)
    }
    return parts.join('')
  }

  /** The catalogue's everyday descriptions of an article (or of its other version). */
  private says(h: Hit): readonly string[] {
    return this.behaviours?.entry(h.id)?.says ?? this.retriever.counterpartIds(h.id).map((c) => this.behaviours?.entry(c)?.says).find(Boolean) ?? []
  }

  /** A card's step lines and its time limits, as sentences. */
  private cardLines(card: Hit): string[] {
    const src = card.source
    const body = this.retriever
      .unitsOf(src.key)
      .map((u) => u.text)
      .join('\n')
      .split('\n')
      .filter((l) => l.trim() && l.trim() !== src.title && !l.startsWith('常见问法') && !l.startsWith('#'))
    return [...body, ...(src.limits ?? []).map((l) => `${l.what}，${l.from}${l.limit}。`)]
  }

  private kindOf(h: Hit): string | undefined {
    return this.behaviours?.entry(h.id)?.kind ?? this.retriever.counterpartIds(h.id).map((c) => this.behaviours?.entry(c)?.kind).find(Boolean)
  }

  /** The no-basis reply for a question the classifier reads as one the texts never answer. */
  private refusal(pr: Prediction, part: AskedPart | undefined): Answer {
    // Among the kinds the texts never answer, the likeliest names the reason.
    const kind = (Object.keys(LABEL_WHY) as Array<keyof typeof LABEL_WHY>).reduce((a, b) => (pr.p[b] > pr.p[a] ? b : a))
    const specific = !!part && part.kind !== 'general' && part.kind !== 'qualify'
    if (specific && (pr.p['fact-lacking'] >= pr.p[kind] || DATUM_KINDS.has(part.kind))) {
      return noBasis({ text: missingText(part), hints: ['lookup'], missing: missingLine(part) })
    }
    const lacking = pr.p['fact-lacking'] >= pr.p[kind]
    return noBasis({ text: outsideText(lacking ? '法规没有规定的具体事项' : LABEL_WHY[kind]), hints: ['lookup'], ...(lacking ? {} : { outside: true as const }) })
  }

  /**
   * The lines that answer: for each asked part the sentence that holds it (shortened, with its
   * citation number), or a line saying the texts found do not settle it; a 定性 question's verdict
   * first. With nothing specific asked, the best-matching sentence of the first article.
   */
  private leadLines(q: string, asked: Asked | undefined, evidence: Array<PartEvidence & { part: AskedPart }>, picked: Hit[], citations: Citation[], verdict: string | undefined): string[] {
    const numberOf = (id: string) => citations.find((c) => c.id === id)?.n
    const out: string[] = verdict ? [verdict] : []
    for (const e of evidence) {
      if (e.part.kind === 'qualify' && verdict) continue
      const n = e.best && numberOf(e.best.id)
      if (e.status === 'holds' && e.best && n) {
        const line = `${withQualifier(e.best.sentence, picked.find((h) => h.id === e.best?.id)?.unit.text, FACT[e.part.kind])}[${n}]`
        // A line already said, or already appended to an earlier line as its qualifier, is not repeated.
        const said = line.replace(/\[\d+\]$/, '').replace(/[。；]$/, '')
        if (!out.some((l) => l.startsWith(line.slice(0, 20)) || l.includes(said))) out.push(line)
      } else if (!LENIENT.has(e.part.kind) && e !== evidence[0]) out.push(unansweredLine(e.part))
    }
    if (out.length) return out
    // Nothing asked that a sentence holds: the sentence of the first article that best matches the question.
    const first = picked[0]
    if (!first) return []
    // An asking clause that names nothing ("这种情况该怎么处理") is matched with the whole question: its story says what it is about.
    const clause = asked?.main.clause ?? ''
    const about = weakTopic(clause) ? q : clause
    const part: AskedPart = { kind: 'general', clause: about, topic: about, attribute: '', trigger: '' }
    const best = checkPart(part, [{ id: first.id, text: first.unit.text }], this.synonyms).best
    return best ? [`${shorten(best.sentence, undefined)}[${numberOf(first.id) ?? 1}]`] : []
  }

  /**
   * The first message: the lines that answer, the citations they rest on (with version and
   * status), and the other articles by regulation and number; under about 300 characters.
   */
  private short(weak: boolean, leads: Block[], citations: Citation[]): Block[] {
    const used = new Set([1, ...leads.flatMap((l) => [...plainText([l]).matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))])
    const cited = citations.filter((c) => used.has(c.n))
    // Other versions of a cited provision are behind the detail command; the other articles by name.
    const versions = new Set(cited.flatMap((c) => this.retriever.counterpartIds(c.id)))
    const others = citations.filter((c) => !used.has(c.n) && c.id.includes('#') && !versions.has(articleIdOf(c.id))).map(otherLine)
    return [...(weak ? [{ kind: 'note' as const, text: WEAK_NOTE }] : []), ...leads, { kind: 'citations', lines: cited.map(compactCitation) }, ...(others.length ? [{ kind: 'see-also' as const, items: others }] : [])]
  }

  /** Card first (its steps and time limits), then the articles it rests on, quoted when the texts are indexed. */
  private composeCard(q: string, card: Hit, articles: Hit[], passages: Hit[], evidence: Array<PartEvidence & { part: AskedPart }>, weak = false): Answer {
    const p = this.policy
    const src = card.source
    const body = this.cardLines(card).slice(0, this.cardLines(card).length - (src.limits?.length ?? 0))
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
    // A time limit in working days, days or months can be put into the ledger with a reminder: the
    // bot offers it in its own command syntax.
    const settable = (src.limits ?? []).find((l) => /^[0-9一二三四五六七八九十两]+个?(工作日|日|天|个月|月)$/.test(l.limit))
    const head = [...lines]
    const more: Block[] = [{ kind: 'heading', text: lines[0] as string }, ...lines.slice(1).map((text): Block => ({ kind: text.startsWith('期限：') ? 'line' : 'step', text }))]
    const quoted = citations.slice(1).filter((c) => c.excerpt)
    if (quoted.length) {
      more.push({ kind: 'heading', text: '依据条文：' })
      for (const c of quoted) more.push({ kind: 'quote', label: `${c.breadcrumb}${c.status === '现行有效' ? '' : `（${c.status}）`}`, text: c.excerpt, n: c.n })
    } else if (citations.length > 1) {
      more.push({ kind: 'line', text: '依据条文见下方引用（知识库未收录这些条文原文，可导入官方文本后查看）。' })
    }
    // One more article the card does not cite, when retrieval found it first.
    const extra = articles.find((a) => !basisN.has(a.id as string))
    if (extra && articles.indexOf(extra) === 0) {
      const c = citationOf(extra, citations.length + 1, q, 160)
      citations.push(c)
      more.push({ kind: 'quote', label: `另见 ${extra.unit.breadcrumb}`, text: c.excerpt, n: c.n })
    }
    // Practice passages only when they are about a provision the card rests on (they cite it).
    const about = new Set([...basisN.keys()].flatMap((id) => [id, ...this.retriever.counterpartIds(id)]))
    const doc = passages.find((h) => h.source.category !== CARD_CATEGORY && (h.unit.cites ?? []).some((c) => about.has(articleIdOf(c))))
    if (doc && p.passages > 0) {
      const c = citationOf(doc, citations.length + 1, q, p.excerptChars)
      citations.push(c)
      more.push({ kind: 'heading', text: '相关实务材料：' }, { kind: 'passage', title: doc.source.title, text: c.excerpt, n: c.n })
    }
    const cite = (c: Citation) => (c.n === 1 ? `[1] 《${c.title}》（纪检助手办事指引，项目编写，供参考）` : citationLine(c) + (c.excerpt || c.id.includes('@') ? '' : '（知识库未收录原文）'))
    more.push({ kind: 'citations', heading: true, lines: citations.map(cite) })
    const detail = plainText(more)
    // The first message: the line that answers what was asked, the card's steps as far as they fit,
    // the citations it rests on; the rest is behind /详.
    const leads = evidence.flatMap((e) => {
      if (e.status !== 'holds' || !e.best) return []
      const n = e.best.id === card.id ? 1 : citations.find((c) => c.id === e.best?.id)?.n
      return n ? [`${shorten(e.best.sentence, FACT[e.part.kind]).replace(/^\d+[.、]\s*/, '')}[${n}]`] : []
    })
    const lead = [...new Set(leads)]
    const firstCites = citations.filter((c) => c.n === 1 || lead.some((l) => l.includes(`[${c.n}]`)) || (c.n === 2 && !lead.some((l) => !l.endsWith('[1]'))))
    const others = citations.filter((c) => !firstCites.includes(c) && c.id.includes('#')).map(otherLine)
    const firstLines = firstCites.map((c) => (c.n === 1 ? `[1] 《${c.title}》（办事指引，项目编写，供参考）` : compactCitation(c) + (c.excerpt ? '' : '（知识库未收录原文）')))
    const tailBlocks: Block[] = [{ kind: 'citations', lines: firstLines }, ...(others.length ? [{ kind: 'see-also' as const, items: others }] : [])]
    const tail = plainText(tailBlocks).split('\n')
    const steps: string[] = []
    const budget = 300 - [...lead, ...tail].join('\n').length - 20
    let used = 0
    for (const l of head.slice(1)) {
      if (lead.some((x) => x.startsWith(l.replace(/^\d+[.、]\s*/, '').slice(0, 16)))) continue
      if (used + l.length + 1 > budget) break
      steps.push(l)
      used += l.length + 1
    }
    const rest = head.length - 1 - steps.length - (lead.length && head.slice(1).some((l) => lead.some((x) => x.startsWith(l.replace(/^\d+[.、]\s*/, '').slice(0, 16)))) ? 1 : 0)
    const blocks: Block[] = [
      ...(weak ? [{ kind: 'note' as const, text: WEAK_NOTE }] : []),
      ...lead.map((text) => ({ kind: 'lead' as const, text })),
      { kind: 'heading', text: `【办事指引】${src.title}[1]${steps.length ? '' : '（步骤见完整答复）'}` },
      ...steps.map((text) => ({ kind: 'step' as const, text })),
      ...(rest > 0 && steps.length ? [{ kind: 'line' as const, text: '……（其余步骤见完整答复）' }] : []),
      ...tailBlocks,
    ]
    return {
      kind: 'answer',
      text: plainText(blocks),
      blocks,
      more,
      lead: lead[0] ?? head[1] ?? head[0] ?? '',
      citations,
      detail,
      ...(weak ? { weak } : {}),
      hints: ['detail', 'original'],
      ...(settable ? { reminder: { what: settable.what, limit: settable.limit } } : {}),
    }
  }

  private count(key: string): number {
    return this.retriever.articleCount(key)
  }
}

/**
 * Puts the other versions of each provision right after its first text, keeping the order of the
 * provisions (the inverse of versions.ts spreadVersions, for answers). Pure.
 *
 * @example pairVersions([a2024, b, a2018], cp) // [a2024, a2018, b]
 */
export function pairVersions(hits: Hit[], counterparts: (h: Hit) => string[]): Hit[] {
  const byId = new Map(hits.map((h) => [articleIdOf(h.id), h]))
  const out: Hit[] = []
  const taken = new Set<string>()
  for (const h of hits) {
    const id = articleIdOf(h.id)
    if (taken.has(id)) continue
    taken.add(id)
    out.push(h)
    for (const c of counterparts(h)) {
      const other = byId.get(c)
      if (other && !taken.has(c)) {
        taken.add(c)
        out.push(other)
      }
    }
  }
  return out
}
