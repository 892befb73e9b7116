/**
 * Answers written by a chat model (optional, when one is configured), behind the same `Answerer`
 * interface as the extractive answerer it wraps. The extractive answer is always computed first:
 * it decides whether the texts answer at all, and which articles and passages are the materials.
 * The model sees only those, each under a closed id, and every sentence it writes is checked in
 * code (rag/answer/verify.ts) before anything is sent. When the check leaves too little, the model is
 * slow, failing or switched off by the circuit breaker, the extractive answer goes out unchanged
 * and says nothing about the model.
 *
 * @example new ModelAnswerer({ base, retriever, model: new ChatOpenAI({ … }), now: Date.now })
 */
import type { BaseMessage } from '@langchain/core/messages'
import { HumanMessage, SystemMessage } from '@langchain/core/messages'
import { PROMPT_VERSION, render } from '../../prompts/index.js'
import { type Block, plainText } from './blocks.js'
import { CircuitBreaker } from './breaker.js'
import { compactCitation, otherLine } from './answerer.js'
import type { Answer, ArticleAnswerer, Citation, ComposingAnswerer, Hit, Retrieval, Retriever, Turn } from '../types.js'
import { DEFAULT_VERIFY, type Material, citedIds, type Verdict, type VerifyPolicy, materialsBlock, sanitiseMaterial, verifyAnswer } from './verify.js'

/** What the answerer needs of a chat model: LangChain's `invoke` (ChatOpenAI, FakeListChatModel …). */
export interface ChatLike {
  invoke(messages: BaseMessage[], options?: { signal?: AbortSignal }): Promise<{ content: unknown }>
}

/** One model call's outcome, for logs and figures: counts and reasons, never the text. */
export interface ModelOutcome {
  used: boolean
  /** Why the extractive answer went out instead. */
  why?: Extract<Verdict, { ok: false }>['why'] | 'breaker-open' | 'weak' | 'no-materials' | 'error' | 'timeout'
  kept: number
  dropped: number
  reasons: string[]
  ms: number
  prompt: string
}

export interface ModelAnswererDeps {
  base: ComposingAnswerer
  retriever: Retriever
  model: ChatLike
  /** Milliseconds a model call may take before the extractive answer goes out instead. */
  timeoutMs?: number
  /** Also ask the model for the rules' wording of the question, added to the retrieval query. */
  rewrite?: boolean
  verify?: VerifyPolicy
  breaker?: CircuitBreaker
  now?: () => number
  /** Materials given to the model at most, and characters of each. */
  maxMaterials?: number
  materialChars?: number
  onOutcome?: (o: ModelOutcome) => void
}

const textOf = (content: unknown): string => {
  if (typeof content === 'string') return content
  if (Array.isArray(content)) return content.map((p) => (typeof p === 'string' ? p : typeof p === 'object' && p && 'text' in p ? String((p as { text: unknown }).text) : '')).join('')
  return ''
}

class Timeout extends Error {}

export class ModelAnswerer implements ArticleAnswerer {
  private readonly breaker: CircuitBreaker
  private readonly now: () => number
  private readonly timeoutMs: number

  constructor(private readonly d: ModelAnswererDeps) {
    this.now = d.now ?? Date.now
    this.breaker = d.breaker ?? new CircuitBreaker({ failures: 3, cooldownMs: 60_000, now: this.now })
    this.timeoutMs = d.timeoutMs ?? 20_000
  }

  /** /条 stays a lookup: the article as written. */
  lookupArticle(name: string, article: number, clause?: number): Promise<Answer> {
    return this.d.base.lookupArticle(name, article, clause)
  }

  async answer(q: string, o: { signal?: AbortSignal; history?: Turn[]; focus?: string } = {}): Promise<Answer> {
    const started = this.now()
    const rewrite = this.d.rewrite && this.breaker.allow() ? await this.rewrite(q, o.signal) : undefined
    const query = rewrite ? `${q}\n${rewrite}` : q
    const r = await this.d.retriever.search(query, { k: 10, ...(o.focus ? { focus: o.focus } : {}) })
    o.signal?.throwIfAborted()
    const base = this.d.base.compose(q, r, o.focus)
    const report = (x: Omit<ModelOutcome, 'ms' | 'prompt'>) => this.d.onOutcome?.({ ...x, ms: this.now() - started, prompt: PROMPT_VERSION })
    // The model phrases what the texts hold; it never turns a no-basis or a hedged answer into a verdict.
    if (base.kind !== 'answer' || base.weak || r.lookup?.bare) {
      report({ used: false, why: 'weak', kept: 0, dropped: 0, reasons: [] })
      return base
    }
    const materials = this.materials(base.citations, r)
    if (!materials.length) {
      report({ used: false, why: 'no-materials', kept: 0, dropped: 0, reasons: [] })
      return base
    }
    if (!this.breaker.allow()) {
      report({ used: false, why: 'breaker-open', kept: 0, dropped: 0, reasons: [] })
      return base
    }
    let raw: string
    try {
      raw = await this.call([new SystemMessage(render('answer-system')), new HumanMessage(render('answer', { materials: materialsBlock(materials), question: q.slice(0, 500) }))], o.signal)
      this.breaker.success()
    } catch (e) {
      o.signal?.throwIfAborted()
      this.breaker.failure()
      report({ used: false, why: e instanceof Timeout ? 'timeout' : 'error', kept: 0, dropped: 0, reasons: [] })
      return base
    }
    const v = verifyAnswer(raw, materials, this.d.verify ?? DEFAULT_VERIFY)
    if (!v.ok) {
      // Garbage from a model that answers at all is a failure of the service, not of one question.
      if (v.why === 'garbage' || v.why === 'empty') this.breaker.failure()
      report({ used: false, why: v.why, kept: 0, dropped: v.sentences.filter((s) => !s.ok).length, reasons: v.sentences.flatMap((s) => (s.reason ? [s.reason] : [])) })
      return base
    }
    report({ used: true, kept: v.kept.length, dropped: v.dropped.length, reasons: v.dropped.flatMap((s) => (s.reason ? [s.reason] : [])) })
    return this.compose(base, v.kept.map((s) => s.text))
  }

  /** The materials: the texts the extractive answer cites that the index holds, under their citation numbers. */
  private materials(citations: Citation[], r: Retrieval): Material[] {
    const max = this.d.maxMaterials ?? 6
    const chars = this.d.materialChars ?? 900
    const out: Material[] = []
    for (const c of citations) {
      if (out.length >= max) break
      const hit = this.hitOf(c.id, r)
      if (!hit) continue
      const status = hit.source.status === '现行有效' ? '现行有效' : `${hit.source.status}${hit.source.statusNote ? `：${hit.source.statusNote.slice(0, 40)}` : ''}`
      const title = `${hit.unit.breadcrumb}（${hit.source.version ? `${hit.source.version.slice(0, 24)}，` : ''}${status}）`
      const text = sanitiseMaterial(hit.unit.text.slice(0, chars)).text
      if (text.trim()) out.push({ id: c.n, title, text })
    }
    return out
  }

  private hitOf(id: string, r: Retrieval): Hit | undefined {
    const found = r.hits.find((h) => h.id === id)
    if (found) return found
    const d = this.d.retriever.describe(id)
    return d?.unit !== undefined ? this.d.retriever.hitFor(d.unit) : undefined
  }

  /** The verified sentences first, then the citations they use, then the rest by name; the extractive answer stays behind /详. */
  private compose(base: Extract<Answer, { kind: 'answer' }>, sentences: string[]): Answer {
    const used = new Set(sentences.flatMap((s) => citedIds(s)))
    const cited = base.citations.filter((c) => used.has(c.n))
    const others = base.citations.filter((c) => !used.has(c.n))
    const blocks: Block[] = [...sentences.map((text) => ({ kind: 'lead' as const, text })), { kind: 'citations', lines: cited.map(compactCitation) }, ...(others.length ? [{ kind: 'see-also' as const, items: others.map(otherLine) }] : [])]
    return {
      ...base,
      text: plainText(blocks),
      blocks,
      lead: sentences[0] as string,
      detail: base.detail ?? base.text,
      more: base.more ?? base.blocks,
      hints: [...new Set([...(base.hints ?? []), 'detail' as const])],
      composer: 'model',
    }
  }

  private async rewrite(q: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const raw = await this.call([new HumanMessage(render('rewrite', { question: q.slice(0, 300) }))], signal)
      this.breaker.success()
      const line = raw.split('\n').map((l) => l.trim()).find(Boolean) ?? ''
      // Only a short Chinese line is a wording; anything else is ignored.
      return line.length <= 60 && /[\u4e00-\u9fff]{2}/.test(line) && !/[<>{}]/.test(line) ? line : undefined
    } catch {
      signal?.throwIfAborted()
      this.breaker.failure()
      return undefined
    }
  }

  private async call(messages: BaseMessage[], signal?: AbortSignal): Promise<string> {
    const ctl = new AbortController()
    const onAbort = () => ctl.abort(signal?.reason)
    signal?.addEventListener('abort', onAbort, { once: true })
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          ctl.abort(new Timeout('model timeout'))
          reject(new Timeout('model timeout'))
        }, this.timeoutMs)
      })
      const res = await Promise.race([this.d.model.invoke(messages, { signal: ctl.signal }), timeout])
      return textOf(res.content)
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }
  }
}
