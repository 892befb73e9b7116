/**
 * The expert desk: questions the assistant could not answer (no basis), answers someone marked
 * wrong (👎) and requests for a person ("转人工") go to a queue. Experts and admins on the roster see
 * it in private chat, answer with at least one article citation that exists in the knowledge base,
 * and the askers are told in private. Each answer becomes an FAQ entry: a draft until an expert
 * (not its author) or an admin approves it, then preferred for the same question and shown with
 * its citations and "经专家确认". When a cited article's regulation gets a new version, its entries
 * go back to review.
 *
 * Question texts are kept only in the queue table, shown only to experts and admins, and deleted
 * with their entry; notices to askers carry the entry number and the answer, never the question.
 *
 * @example desk.enqueue(actor, 'wechaty', '乡镇纪委办案的伙食标准是多少', 'no-basis', [])
 */
import type { Clock } from '../../clock.js'
import type { Db } from '../db.js'
import { statementCache } from '../db.js'
import { UserError } from '../../errors.js'
import type { Outbox } from '../rectification/outbox.js'
import { type Actor, type ChannelName, can, isAdmin } from '../roster/model.js'
import type { Roster } from '../roster/roster.js'
import type { Retriever } from '../../../rag/index.js'

export type QueueReason = 'no-basis' | 'down' | 'human'
export const REASON_LABELS: Record<QueueReason, string> = { 'no-basis': '无依据', down: '答复被标记有误', human: '要求转人工' }

/** A citation of an FAQ entry with what the article was when the entry was approved. */
export interface FaqCitation {
  id: string
  version?: string
  status?: string
}

export interface FaqEntry {
  id: number
  question: string
  answer: string
  citations: FaqCitation[]
  status: 'draft' | 'approved' | 'review'
  authorKey: string
  approverKey?: string
  createdAt: string
  approvedAt?: string
  reviewNote?: string
}

export interface QueueGroup {
  id: number
  questions: Array<{ id: number; question: string; askedAt: string; reason: QueueReason }>
  candidates: string[]
  askers: number
}

export interface DeskPolicy {
  /** Bigram similarity at which a new question joins a pending one's group. */
  group: number
  /** Bigram similarity at which an approved FAQ entry answers a question. */
  match: number
  /** Longest question and answer kept, in characters. */
  maxQuestion: number
  maxAnswer: number
  /** Pending groups at most (the oldest are listed first; beyond this, new questions are refused). */
  maxPending: number
}

export const DEFAULT_DESK: DeskPolicy = { group: 0.55, match: 0.72, maxQuestion: 500, maxAnswer: 1500, maxPending: 500 }

const FILLER = /请问|一下|我想|想问|问下|请教|麻烦|助手|吗|呢|啊|吧|呀|的|了|是|[\s，,。．.、；;：:？?！!“”"‘’'（）()《》【】\-—…~～]/g

function grams(q: string): Set<string> {
  const s = q.normalize('NFKC').replace(FILLER, '')
  const out = new Set<string>()
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2))
  if (s.length === 1) out.add(s)
  return out
}

/** Dice similarity of two questions' character bigrams (filler words and punctuation aside). */
export function similarity(a: string, b: string): number {
  const x = grams(a)
  const y = grams(b)
  if (!x.size || !y.size) return 0
  let both = 0
  for (const g of x) if (y.has(g)) both++
  return (2 * both) / (x.size + y.size)
}

interface QRow {
  id: number
  group_id: number
  asked_at: string
  asker_key: string
  channel: string
  reason: QueueReason
  question: string
  candidates: string
}

interface FRow {
  id: number
  question: string
  answer: string
  citations: string
  status: FaqEntry['status']
  author_key: string
  approver_key: string | null
  created_at: string
  approved_at: string | null
  review_note: string | null
}

const toFaq = (r: FRow): FaqEntry => ({
  id: r.id,
  question: r.question,
  answer: r.answer,
  citations: JSON.parse(r.citations) as FaqCitation[],
  status: r.status,
  authorKey: r.author_key,
  createdAt: r.created_at,
  ...(r.approver_key ? { approverKey: r.approver_key } : {}),
  ...(r.approved_at ? { approvedAt: r.approved_at } : {}),
  ...(r.review_note ? { reviewNote: r.review_note } : {}),
})

export interface DeskDeps {
  db: Db
  clock: Clock
  retriever: Retriever
  roster: Roster
  /** Private notices (to askers and experts) go through the crash-safe outbox. */
  outbox: Outbox
  channel: ChannelName
  policy?: DeskPolicy
}

/** Reads the article references in an expert's answer ("《规则》第二十一条", "监察法第48条") and resolves each to an indexed article. */
export function citationsIn(text: string, retriever: Retriever): { ids: string[]; missing: string[] } {
  const ids: string[] = []
  const missing: string[] = []
  let rest = text
  for (let guard = 0; guard < 20; guard++) {
    const r = retriever.lookup(rest)
    if (!r) break
    const span = rest.replace(/\s+/g, ' ').slice(r.ref.start, r.ref.end)
    if (r.unit === undefined) missing.push(span.trim())
    else {
      const id = retriever.hitFor(r.unit).id as string
      if (!ids.includes(id)) ids.push(id)
    }
    rest = rest.replace(/\s+/g, ' ').slice(r.ref.end)
  }
  return { ids, missing }
}

export class ExpertDesk {
  private readonly st: ReturnType<typeof statementCache>
  private readonly policy: DeskPolicy

  constructor(private readonly d: DeskDeps) {
    this.st = statementCache(d.db)
    this.policy = d.policy ?? DEFAULT_DESK
  }

  private now(): string {
    return this.d.clock.now().toISOString()
  }

  private static requireExpert(a: Actor, what: string): void {
    if (!can(a, 'expert') && !isAdmin(a)) throw new UserError(`只有名册中的专家或管理员可以${what}。`)
  }

  /**
   * Queues a question, in the group of a similar pending one when there is one. Returns the group
   * number and whether the group is new (experts are told of new groups only).
   */
  enqueue(asker: Actor, question: string, reason: QueueReason, candidates: string[]): { group: number; isNew: boolean } {
    const q = question.trim().slice(0, this.policy.maxQuestion)
    if (!q) throw new UserError('没有可以转给专家的问题。')
    return this.d.db.transaction(() => {
      const pending = this.st('SELECT * FROM expert_questions ORDER BY id').all() as QRow[]
      // The same person asking the same thing again is one entry, not two.
      const own = pending.find((r) => r.asker_key === asker.key && similarity(r.question, q) >= 0.9)
      if (own) return { group: own.group_id, isNew: false }
      let best: { group: number; s: number } | undefined
      for (const r of pending) {
        const s = similarity(r.question, q)
        if (s >= this.policy.group && (!best || s > best.s)) best = { group: r.group_id, s }
      }
      const groups = new Set(pending.map((r) => r.group_id)).size
      if (!best && groups >= this.policy.maxPending) throw new UserError('专家待答问题已满，暂时无法转交，请稍后再试或直接联系专家。')
      const at = this.now()
      const info = this.st('INSERT INTO expert_questions (group_id, asked_at, asker_key, channel, reason, question, candidates) VALUES (?, ?, ?, ?, ?, ?, ?)').run(best?.group ?? 0, at, asker.key, this.d.channel, reason, q, JSON.stringify(candidates.slice(0, 5)))
      const id = Number(info.lastInsertRowid)
      if (!best) this.st('UPDATE expert_questions SET group_id = ? WHERE id = ?').run(id, id)
      if (!best) this.noticeExperts(id, at)
      return { group: best?.group ?? id, isNew: !best }
    })()
  }

  private noticeExperts(group: number, at: string): void {
    const experts = this.d.roster.store.withRole('expert').filter((p) => p.active && p.chatIds[this.d.channel])
    for (const p of experts) this.d.outbox.add({ key: `expert:new:${group}:${p.key}`, kind: 'expert', itemId: null, recipient: p.key, text: `有新的问题待专家答复（编号 #${group}）。请私聊发送“/待答”查看。` }, at)
  }

  groups(): QueueGroup[] {
    const rows = this.st('SELECT * FROM expert_questions ORDER BY id').all() as QRow[]
    const by = new Map<number, QRow[]>()
    for (const r of rows) by.set(r.group_id, [...(by.get(r.group_id) ?? []), r])
    return [...by.entries()].map(([id, rs]) => ({
      id,
      questions: rs.map((r) => ({ id: r.id, question: r.question, askedAt: r.asked_at, reason: r.reason })),
      candidates: [...new Set(rs.flatMap((r) => JSON.parse(r.candidates) as string[]))].slice(0, 5),
      askers: new Set(rs.map((r) => r.asker_key)).size,
    }))
  }

  /** /待答: the pending groups with their candidates, and the FAQ entries waiting for approval or review. */
  pendingText(actor: Actor, inPrivate: boolean): string {
    ExpertDesk.requireExpert(actor, '查看待答问题')
    if (!inPrivate) throw new UserError('待答问题含提问内容，请私聊助手发送“/待答”查看。')
    const groups = this.groups()
    const lines: string[] = []
    if (!groups.length) lines.push('目前没有待专家答复的问题。')
    else {
      lines.push(`待专家答复的问题（${groups.length} 组）：`)
      for (const g of groups.slice(0, 10)) {
        const first = g.questions[0] as QueueGroup['questions'][number]
        const cands = g.candidates.map((id) => this.label(id)).filter(Boolean)
        lines.push(`#${g.id}（${REASON_LABELS[first.reason]}，${g.askers} 人问过，${first.askedAt.slice(0, 10)}）${first.question}`)
        for (const q of g.questions.slice(1, 3)) lines.push(`  相似提问：${q.question}`)
        if (cands.length) lines.push(`  检索到的条文：${cands.join('、')}`)
      }
      if (groups.length > 10) lines.push(`……另有 ${groups.length - 10} 组`)
      lines.push('答复：/答复 编号 答复内容（须引用至少一条条文，如《规则》第二十一条）；不属于本助手范围的：/驳回 编号 说明')
    }
    const all = this.faqs()
    const approved = all.filter((f) => f.status === 'approved')
    if (approved.length) lines.push('', `已生效的常见问题 ${approved.length} 条：${approved.slice(-5).map((f) => `F${f.id} ${f.question.slice(0, 20)}`).join('；')}${approved.length > 5 ? '……' : ''}（答复有误或过时：/撤销 F编号）`)
    const waiting = all.filter((f) => f.status !== 'approved')
    if (waiting.length) {
      lines.push('', '待审核的常见问题：')
      for (const f of waiting.slice(0, 10)) lines.push(`F${f.id}（${f.status === 'draft' ? '草稿' : `需复核：${f.reviewNote ?? ''}`}）${f.question.slice(0, 40)}`)
      lines.push('审核通过：/审核 F编号（不能审核自己写的答复，管理员除外）')
    }
    return lines.join('\n')
  }

  private label(id: string): string {
    const d = this.d.retriever.describe(id)
    return d ? `《${d.title.replace(/（[^）]*）/g, '')}》${d.label}` : ''
  }

  /**
   * /答复 编号 内容: checks the citations, tells every asker of the group in private, writes the FAQ
   * draft, and deletes the group's questions from the queue.
   */
  answer(actor: Actor, group: number, text: string, inPrivate: boolean): string {
    ExpertDesk.requireExpert(actor, '答复待答问题')
    if (!inPrivate) throw new UserError('请私聊助手答复待答问题。')
    const body = text.trim()
    if (!body) throw new UserError('请写上答复内容：/答复 编号 答复内容（须引用至少一条条文）。')
    if (body.length > this.policy.maxAnswer) throw new UserError(`答复过长（${body.length} 字），请控制在 ${this.policy.maxAnswer} 字以内。`)
    const rows = this.st('SELECT * FROM expert_questions WHERE group_id = ? ORDER BY id').all(group) as QRow[]
    if (!rows.length) throw new UserError(`没有编号为 #${group} 的待答问题。发送“/待答”查看当前列表。`)
    const { ids, missing } = citationsIn(body, this.d.retriever)
    if (missing.length) throw new UserError(`答复中引用的${missing.map((m) => `“${m.slice(0, 30)}”`).join('、')}在知识库中找不到，请核对法规名称和条号后重新答复。`)
    if (!ids.length) throw new UserError('答复须引用至少一条条文（例如《纪律检查机关监督执纪工作规则》第二十一条、监察法第48条），以便提问人核对原文。')
    const at = this.now()
    const citations: FaqCitation[] = ids.map((id) => {
      const d = this.d.retriever.describe(id)
      return { id, ...(d?.version ? { version: d.version } : {}), ...(d?.status ? { status: d.status } : {}) }
    })
    const first = rows[0] as QRow
    const faqId = this.d.db.transaction(() => {
      const info = this.st("INSERT INTO faq_entries (question, answer, citations, status, author_key, created_at) VALUES (?, ?, ?, 'draft', ?, ?)").run(first.question, body, JSON.stringify(citations), actor.key, at)
      for (const key of new Set(rows.map((r) => r.asker_key))) {
        const asked = rows.find((r) => r.asker_key === key) as QRow
        this.d.outbox.add({ key: `expert:answer:${group}:${key}`, kind: 'expert', itemId: null, recipient: key, text: `你在 ${asked.asked_at.slice(0, 10)} 提的问题（编号 #${group}）专家已答复：\n${body}\n（专家答复，请以引用条文原文为准。）` }, at)
      }
      this.st('DELETE FROM expert_questions WHERE group_id = ?').run(group)
      return Number(info.lastInsertRowid)
    })()
    return `已答复 #${group}，${new Set(rows.map((r) => r.asker_key)).size} 位提问人将收到私信。答复已存为常见问题草稿 F${faqId}，经另一位专家或管理员“/审核 F${faqId}”后用于回答相同问题。`
  }

  /** /驳回 编号 说明: the askers are told it is not for the experts; the questions are deleted. */
  dismiss(actor: Actor, group: number, note: string, inPrivate: boolean): string {
    ExpertDesk.requireExpert(actor, '处理待答问题')
    if (!inPrivate) throw new UserError('请私聊助手处理待答问题。')
    const rows = this.st('SELECT * FROM expert_questions WHERE group_id = ?').all(group) as QRow[]
    if (!rows.length) throw new UserError(`没有编号为 #${group} 的待答问题。`)
    const at = this.now()
    this.d.db.transaction(() => {
      for (const key of new Set(rows.map((r) => r.asker_key))) {
        this.d.outbox.add({ key: `expert:dismiss:${group}:${key}`, kind: 'expert', itemId: null, recipient: key, text: `你提的问题（编号 #${group}）专家未作答复${note.trim() ? `：${note.trim().slice(0, 200)}` : '，该问题不在本助手依据的法规范围内。'}` }, at)
      }
      this.st('DELETE FROM expert_questions WHERE group_id = ?').run(group)
    })()
    return `已处理 #${group}，提问人将收到私信。`
  }

  /** /审核 F编号: an expert other than the author, or an admin, approves a draft (or an entry flagged for review). */
  approve(actor: Actor, faqId: number, inPrivate: boolean): string {
    ExpertDesk.requireExpert(actor, '审核常见问题')
    if (!inPrivate) throw new UserError('请私聊助手审核常见问题。')
    const f = this.faq(faqId)
    if (!f) throw new UserError(`没有编号为 F${faqId} 的常见问题。`)
    if (f.status === 'approved') return `F${faqId} 已审核通过，无需重复审核。`
    if (f.authorKey === actor.key && !isAdmin(actor)) throw new UserError('不能审核自己写的答复，请由另一位专家或管理员审核。')
    // Approving again after a new version records the versions the reviewer saw.
    const citations = f.citations.map((c) => {
      const d = this.d.retriever.describe(c.id)
      return { id: c.id, ...(d?.version ? { version: d.version } : {}), ...(d?.status ? { status: d.status } : {}) }
    })
    const gone = f.citations.filter((c) => !this.d.retriever.describe(c.id)?.inIndex)
    if (gone.length) throw new UserError(`F${faqId} 引用的${gone.map((c) => this.label(c.id) || c.id).join('、')}已不在知识库中，请重新答复。`)
    this.st("UPDATE faq_entries SET status = 'approved', approver_key = ?, approved_at = ?, review_note = NULL, citations = ? WHERE id = ?").run(actor.key, this.now(), JSON.stringify(citations), faqId)
    return `F${faqId} 审核通过，今后相同的问题将优先用这条专家答复回答，并注明“经专家确认”。`
  }

  /** /撤销 F编号: an expert or admin removes an FAQ entry (a wrong or outdated answer stops being used at once). */
  withdraw(actor: Actor, faqId: number, inPrivate: boolean): string {
    ExpertDesk.requireExpert(actor, '撤销常见问题')
    if (!inPrivate) throw new UserError('请私聊助手撤销常见问题。')
    if (!this.st('DELETE FROM faq_entries WHERE id = ?').run(faqId).changes) throw new UserError(`没有编号为 F${faqId} 的常见问题。`)
    return `已撤销 F${faqId}，今后不再用它回答。`
  }

  faq(id: number): FaqEntry | undefined {
    const r = this.st('SELECT * FROM faq_entries WHERE id = ?').get(id) as FRow | undefined
    return r && toFaq(r)
  }

  faqs(): FaqEntry[] {
    return (this.st('SELECT * FROM faq_entries ORDER BY id').all() as FRow[]).map(toFaq)
  }

  /** The approved entry that answers this question, when one is close enough. */
  match(question: string): FaqEntry | undefined {
    let best: { f: FaqEntry; s: number } | undefined
    for (const r of this.st("SELECT * FROM faq_entries WHERE status = 'approved'").all() as FRow[]) {
      const s = similarity(r.question, question)
      if (s >= this.policy.match && (!best || s > best.s)) best = { f: toFaq(r), s }
    }
    return best?.f
  }

  /**
   * Flags approved entries whose cited articles changed: the regulation has a newer version, is no
   * longer in force, or is gone from the knowledge base. Returns how many were flagged.
   */
  review(): number {
    let flagged = 0
    for (const f of this.faqs().filter((x) => x.status === 'approved')) {
      const notes: string[] = []
      for (const c of f.citations) {
        const d = this.d.retriever.describe(c.id)
        if (!d?.inIndex) notes.push(`${c.id} 已不在知识库中`)
        else if ((c.version ?? '') !== (d.version ?? '') || (c.status ?? '') !== (d.status ?? '')) notes.push(`${this.label(c.id)}的版本或效力已变化（现为${d.version ?? '未注明版本'}，${d.status ?? ''}）`)
      }
      if (!notes.length) continue
      this.st("UPDATE faq_entries SET status = 'review', review_note = ? WHERE id = ?").run(notes.join('；').slice(0, 300), f.id)
      flagged++
    }
    return flagged
  }
}
