/**
 * Short-lived memory per person and chat: the last question (to read a short follow-up such as
 * "那如果是一把手呢？" in its light) and the last answer's citations (for "/原文 N"). Kept in
 * memory only, for a few minutes.
 */
import { LRUCache } from 'lru-cache'
import type { Clock } from '../../clock.js'
import type { Citation } from '../../../rag/index.js'
import type { Rendered } from '../render.js'

export interface Session {
  question: string
  citations: Array<Pick<Citation, 'n' | 'id' | 'title' | 'label'>>
  /** The full answer behind "/详" (all quotes and practice passages). */
  detail?: Rendered
  at: number
}

/** How long the citations of an answer are kept for a rating given later under it (WeCom's 👍/👎); in memory, so not across a restart. */
export const ANSWER_MEMORY_MS = 3 * 86400_000

export class Sessions {
  private readonly map: LRUCache<string, Session>
  /** Message id → the provisions its answer cited, for a rating that arrives later. */
  private readonly answers: LRUCache<string, { citations: string[]; at: number }>
  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    capacity = 2000,
  ) {
    this.map = new LRUCache({ max: capacity })
    this.answers = new LRUCache({ max: capacity * 5 })
  }

  /** Remembers which provisions the answer to message `msgId` cited (kept ANSWER_MEMORY_MS, bounded). */
  answered(msgId: string, citations: string[]): void {
    this.answers.set(msgId, { citations, at: this.clock.now().getTime() })
  }

  /** The provisions cited by the answer to `msgId`, when it is still remembered. */
  answerTo(msgId: string): string[] | undefined {
    const a = this.answers.get(msgId)
    if (!a || this.clock.now().getTime() - a.at > ANSWER_MEMORY_MS) return undefined
    return a.citations
  }

  private key(chat: string, person: string) {
    return `${chat}\u0000${person}`
  }

  get(chat: string, person: string): Session | undefined {
    const s = this.map.get(this.key(chat, person))
    if (!s) return undefined
    if (this.clock.now().getTime() - s.at > this.ttlMs) {
      this.map.delete(this.key(chat, person))
      return undefined
    }
    return s
  }

  set(chat: string, person: string, question: string, citations: Session['citations'], detail?: Rendered): void {
    this.map.set(this.key(chat, person), { question, citations, detail, at: this.clock.now().getTime() })
  }
}

// A question leans on the previous one only when it cannot stand alone: it opens with 那/如果 …
// or ends with 呢, and is short. A leading 还有/另外 starts a new question ("还有初步核实要谁批？").
const LEANS = /^(那|那么|那要是|那如果|如果|要是|假如|若是?)|呢[？?]?$/
const OWN_SUBJECT = /[谁批审核查办报告期限多久几天处分定性]|(线索|谈话|函询|初核|立案|留置|审理|申诉|问责|整改)/

/**
 * A short question that leans on the previous one ("那如果是一把手呢？") is read together with it.
 * Returns the question to search with.
 */
export function withContext(question: string, prev: Session | undefined): string {
  if (!prev) return question
  const q = question.trim()
  if (q.length > 24 || !LEANS.test(q)) return question
  // "那初步核实要谁批呢？" names its own subject and asks its own thing: it stands alone.
  if (q.length > 12 && OWN_SUBJECT.test(q.replace(LEANS, '')) && /[谁多几怎吗]/.test(q)) return question
  return `${prev.question} ${q}`
}
