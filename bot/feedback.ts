/**
 * Feedback on answers, appended as JSON lines to <data>/feedback.jsonl. Chat and person are kept
 * as salted hashes; the question itself is not stored, only the provisions the answer cited.
 */
import { appendFile, mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Clock } from './clock.js'

export interface FeedbackEntry {
  chat: string
  person: string
  rating: 'up' | 'down'
  comment: string
  citations: string[]
}

export interface FeedbackStore {
  add(e: FeedbackEntry): Promise<void>
}

export class JsonlFeedbackStore implements FeedbackStore {
  constructor(
    private readonly file: string,
    private readonly hash: (s: string) => string,
    private readonly clock: Clock,
  ) {}

  async add(e: FeedbackEntry): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true })
    const line = { at: this.clock.now().toISOString(), chat: this.hash(e.chat), person: this.hash(e.person), rating: e.rating, comment: e.comment, citations: e.citations }
    await appendFile(this.file, JSON.stringify(line) + '\n', 'utf8')
  }
}
