/**
 * Quiz state in the office database: imported banks, and each quiz run in a room with its
 * questions (a snapshot of the item as asked) and answers. Everything a quiz needs to go on after
 * a restart is here; timers are deadlines in the rows, checked by the polling tick.
 */
import type { Db } from '../db.js'
import { statementCache } from '../db.js'
import { UserError } from '../../errors.js'
import type { ChannelName } from '../roster/model.js'
import type { ImportedItem } from './bank.js'
import type { QuizItem } from './model.js'

export interface Quiz {
  id: number
  channel: ChannelName
  roomId: string
  roomTopic: string
  trainerKey: string
  title: string
  state: 'running' | 'paused' | 'finished'
  seconds: number
  total: number
  /** Number of the question open or last asked (0 before the first). */
  current: number
  /** ISO instant the open question closes, while running. */
  deadline?: string
  /** Time the open question had left when paused. */
  remainingMs?: number
  createdAt: string
  finishedAt?: string
  endReason?: string
}

/** The item as asked, with the quote shown after it closes. */
export interface AskedItem extends QuizItem {
  /** 《监察法》第四十八条 */
  cite: string
  /** The sentence of the article that holds the answer, when the text is in the knowledge base. */
  quote?: string
}

export interface Answer {
  n: number
  personKey: string
  name: string
  answer: string
  correct: boolean
  ms: number
  at: string
}

type QuizRow = { id: number; channel: ChannelName; room_id: string; room_topic: string; trainer_key: string; title: string; state: Quiz['state']; seconds: number; total: number; current: number; deadline: string | null; remaining_ms: number | null; created_at: string; finished_at: string | null; end_reason: string | null }

const toQuiz = (r: QuizRow): Quiz => ({
  id: r.id, channel: r.channel, roomId: r.room_id, roomTopic: r.room_topic, trainerKey: r.trainer_key, title: r.title, state: r.state, seconds: r.seconds, total: r.total, current: r.current,
  ...(r.deadline ? { deadline: r.deadline } : {}), ...(r.remaining_ms !== null ? { remainingMs: r.remaining_ms } : {}), createdAt: r.created_at,
  ...(r.finished_at ? { finishedAt: r.finished_at } : {}), ...(r.end_reason ? { endReason: r.end_reason } : {}),
})

export class QuizStore {
  private readonly st: ReturnType<typeof statementCache>
  constructor(readonly db: Db) {
    this.st = statementCache(db)
  }

  /** Replaces a named bank with new items, in one transaction. */
  saveBank(bank: string, items: QuizItem[], by: string, at: string): void {
    this.db.transaction(() => {
      this.st('DELETE FROM quiz_items WHERE bank = ?').run(bank)
      for (const it of items) {
        const clash = this.st('SELECT bank FROM quiz_items WHERE id = ?').get(it.id) as { bank: string } | undefined
        if (clash) throw new UserError(`题目编号 ${it.id} 已在题库“${clash.bank}”中使用，请换一个编号`)
        this.st('INSERT INTO quiz_items (id, bank, item, imported_at, imported_by) VALUES (?, ?, ?, ?, ?)').run(it.id, bank, JSON.stringify(it), at, by)
      }
    })()
  }

  removeBank(bank: string): number {
    return this.st('DELETE FROM quiz_items WHERE bank = ?').run(bank).changes
  }

  importedItems(): ImportedItem[] {
    return (this.st('SELECT bank, item FROM quiz_items ORDER BY bank, rowid').all() as Array<{ bank: string; item: string }>).map((r) => ({ ...(JSON.parse(r.item) as QuizItem), bank: r.bank }))
  }

  banks(): Array<{ bank: string; items: number; importedAt: string }> {
    return (this.st('SELECT bank, COUNT(*) AS items, MAX(imported_at) AS importedAt FROM quiz_items GROUP BY bank ORDER BY bank').all() as Array<{ bank: string; items: number; importedAt: string }>)
  }

  /** A new quiz with its questions; refused while another quiz is live in the room. */
  create(q: { channel: ChannelName; roomId: string; roomTopic: string; trainerKey: string; title: string; seconds: number; items: AskedItem[]; at: string }): Quiz {
    try {
      return this.db.transaction(() => {
        const id = Number(this.st('INSERT INTO quizzes (channel, room_id, room_topic, trainer_key, title, state, seconds, total, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(q.channel, q.roomId, q.roomTopic, q.trainerKey, q.title, 'running', q.seconds, q.items.length, q.at).lastInsertRowid)
        q.items.forEach((it, i) => this.st('INSERT INTO quiz_questions (quiz_id, n, item) VALUES (?, ?, ?)').run(id, i + 1, JSON.stringify(it)))
        return this.get(id) as Quiz
      })()
    } catch (e) {
      if (/UNIQUE constraint failed: quizzes/.test((e as Error).message)) throw new UserError('本群已有一场测验在进行，请先“/测验 结束”。')
      throw e
    }
  }

  get(id: number): Quiz | undefined {
    const r = this.st('SELECT * FROM quizzes WHERE id = ?').get(id) as QuizRow | undefined
    return r && toQuiz(r)
  }

  /** The quiz live (running or paused) in a room. */
  live(channel: ChannelName, roomId: string): Quiz | undefined {
    const r = this.st("SELECT * FROM quizzes WHERE channel = ? AND room_id = ? AND state <> 'finished'").get(channel, roomId) as QuizRow | undefined
    return r && toQuiz(r)
  }

  /** Running quizzes whose open question is due to close by `at`, or that have not posted one yet. */
  due(channel: ChannelName, at: string): Quiz[] {
    return (this.st("SELECT * FROM quizzes WHERE channel = ? AND state = 'running' AND (deadline IS NULL OR deadline <= ?) ORDER BY id").all(channel, at) as QuizRow[]).map(toQuiz)
  }

  latest(limit = 10): Quiz[] {
    return (this.st('SELECT * FROM quizzes ORDER BY id DESC LIMIT ?').all(limit) as QuizRow[]).map(toQuiz)
  }

  question(quizId: number, n: number): { item: AskedItem; postedAt?: string; closedAt?: string } | undefined {
    const r = this.st('SELECT item, posted_at, closed_at FROM quiz_questions WHERE quiz_id = ? AND n = ?').get(quizId, n) as { item: string; posted_at: string | null; closed_at: string | null } | undefined
    return r && { item: JSON.parse(r.item) as AskedItem, ...(r.posted_at ? { postedAt: r.posted_at } : {}), ...(r.closed_at ? { closedAt: r.closed_at } : {}) }
  }

  questions(quizId: number): Array<{ n: number; item: AskedItem; postedAt?: string; closedAt?: string }> {
    return (this.st('SELECT n, item, posted_at, closed_at FROM quiz_questions WHERE quiz_id = ? ORDER BY n').all(quizId) as Array<{ n: number; item: string; posted_at: string | null; closed_at: string | null }>).map((r) => ({ n: r.n, item: JSON.parse(r.item) as AskedItem, ...(r.posted_at ? { postedAt: r.posted_at } : {}), ...(r.closed_at ? { closedAt: r.closed_at } : {}) }))
  }

  /** Marks question n as posted and open until `deadline`. */
  open(quizId: number, n: number, at: string, deadline: string): void {
    this.db.transaction(() => {
      this.st('UPDATE quiz_questions SET posted_at = ? WHERE quiz_id = ? AND n = ?').run(at, quizId, n)
      this.st('UPDATE quizzes SET current = ?, deadline = ?, remaining_ms = NULL WHERE id = ?').run(n, deadline, quizId)
    })()
  }

  /** Closes question n; returns false when it was already closed (a repeated tick after a crash). */
  close(quizId: number, n: number, at: string): boolean {
    return this.st('UPDATE quiz_questions SET closed_at = ? WHERE quiz_id = ? AND n = ? AND closed_at IS NULL').run(at, quizId, n).changes === 1
  }

  pause(quizId: number, remainingMs: number): void {
    this.st("UPDATE quizzes SET state = 'paused', remaining_ms = ?, deadline = NULL WHERE id = ?").run(remainingMs, quizId)
  }

  resume(quizId: number, deadline: string | null): void {
    this.st("UPDATE quizzes SET state = 'running', deadline = ?, remaining_ms = NULL WHERE id = ?").run(deadline, quizId)
  }

  finish(quizId: number, at: string, reason: string): void {
    this.st("UPDATE quizzes SET state = 'finished', finished_at = ?, end_reason = ?, deadline = NULL WHERE id = ?").run(at, reason, quizId)
  }

  /** Records the first answer of a person to a question; false when they had answered already. */
  answer(quizId: number, a: Answer): boolean {
    return this.st('INSERT OR IGNORE INTO quiz_answers (quiz_id, n, person_key, name, answer, correct, ms, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(quizId, a.n, a.personKey, a.name, a.answer, a.correct ? 1 : 0, a.ms, a.at).changes === 1
  }

  answers(quizId: number, n?: number): Answer[] {
    const rows = (n === undefined ? this.st('SELECT * FROM quiz_answers WHERE quiz_id = ? ORDER BY n, at').all(quizId) : this.st('SELECT * FROM quiz_answers WHERE quiz_id = ? AND n = ? ORDER BY at').all(quizId, n)) as Array<{ n: number; person_key: string; name: string; answer: string; correct: number; ms: number; at: string }>
    return rows.map((r) => ({ n: r.n, personKey: r.person_key, name: r.name, answer: r.answer, correct: r.correct === 1, ms: r.ms, at: r.at }))
  }

  /** True the first time a notice of this kind goes to this person in this quiz. */
  noticeOnce(quizId: number, personKey: string, kind: string): boolean {
    return this.st('INSERT OR IGNORE INTO quiz_notices (quiz_id, person_key, kind) VALUES (?, ?, ?)').run(quizId, personKey, kind).changes === 1
  }
}
