/**
 * Short-lived memory per person and chat: the last question (to read a short follow-up such as
 * "那如果是一把手呢？" in its light) and the last answer's citations (for "/原文 N"). Kept in
 * memory only, for a few minutes.
 */
import { LRUCache } from 'lru-cache'
import type { Clock } from '../clock.js'
import type { Citation } from '../../rag/types.js'

export interface Session {
  question: string
  citations: Array<Pick<Citation, 'n' | 'id' | 'title' | 'label'>>
  at: number
}

export class Sessions {
  private readonly map: LRUCache<string, Session>
  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    capacity = 2000,
  ) {
    this.map = new LRUCache({ max: capacity })
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

  set(chat: string, person: string, question: string, citations: Session['citations']): void {
    this.map.set(this.key(chat, person), { question, citations, at: this.clock.now().getTime() })
  }
}

const FOLLOW_UP = /^(那|那么|那要是|如果|要是|假如|若|还有|另外|再问|那如果)|[呢]？?\??$/

/**
 * A short question that leans on the previous one ("那如果是一把手呢？") is read together with it.
 * Returns the question to search with.
 */
export function withContext(question: string, prev: Session | undefined): string {
  if (!prev) return question
  const q = question.trim()
  if (q.length > 24 || !FOLLOW_UP.test(q)) return question
  return `${prev.question} ${q}`
}

