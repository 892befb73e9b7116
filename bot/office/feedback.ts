/**
 * Feedback on answers, appended as JSON lines to <data>/feedback.jsonl, readable by the owner of
 * the data folder only. Chat and person are kept as salted hashes; the question itself is not
 * stored, only the provisions the answer cited. A comment is kept (it says what was wrong) with
 * numbers that identify people masked (ID card, phone, bank card).
 */
import { chmod, appendFile, mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Clock } from '../clock.js'

export interface FeedbackEntry {
  chat: string
  person: string
  /** 'withdrawn': the person took back an earlier 👍/👎 on the same answer (WeCom). */
  rating: 'up' | 'down' | 'withdrawn'
  comment: string
  citations: string[]
  /** How it was given: the /反馈 command, or the chat system's rating buttons. */
  via?: 'command' | 'button'
  /** Id of the answered message (stored hashed), so that a withdrawal matches its rating. */
  answer?: string
  /** The platform's reason codes for a 👎. */
  reasons?: number[]
}

export interface FeedbackStore {
  add(e: FeedbackEntry): Promise<void>
}

/** Masks ID-card, phone and bank-card numbers (long digit runs) in free text. */
export function maskNumbers(text: string): string {
  return text.replace(/(?<![0-9])\d{6}(18|19|20)\d{2}\d{4}\d{3}[\dXx](?![0-9])/g, '[证件号]').replace(/(?<![0-9])\d{11,}(?![0-9])/g, '[号码]')
}

export class JsonlFeedbackStore implements FeedbackStore {
  constructor(
    private readonly file: string,
    private readonly hash: (s: string) => string,
    private readonly clock: Clock,
  ) {}

  async add(e: FeedbackEntry): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 })
    const line = {
      at: this.clock.now().toISOString(),
      chat: this.hash(e.chat),
      person: this.hash(e.person),
      rating: e.rating,
      comment: maskNumbers(e.comment),
      citations: e.citations,
      via: e.via ?? 'command',
      ...(e.answer ? { answer: this.hash(e.answer) } : {}),
      ...(e.reasons?.length ? { reasons: e.reasons } : {}),
    }
    await appendFile(this.file, JSON.stringify(line) + '\n', { encoding: 'utf8', mode: 0o600 })
    // A file created by an earlier version may have been world-readable.
    await chmod(this.file, 0o600)
  }
}
