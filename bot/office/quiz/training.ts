/**
 * Q&A training sessions: `/培训 开始` opens a window in a room, during which the questions asked
 * there are recorded with what happened to each (answered, answered only with possibly relevant
 * articles, not answered) and whether someone marked the answer wrong (/反馈 👎). `/培训 结束`
 * closes it and posts the tally; the trainer gets the list in private (`/培训 记录`) or as a sheet
 * (`npm run quiz -- training <编号> <文件>`). Outside a window no question text is stored.
 */
import type { Room } from '../../chat/channels/types.js'
import type { Clock } from '../../clock.js'
import type { Db } from '../db.js'
import { statementCache } from '../db.js'
import { UserError } from '../../errors.js'
import { type Actor, type ChannelName, can, isAdmin } from '../roster/model.js'

export type Outcome = 'answered' | 'weak' | 'unanswered'
export const OUTCOME_LABELS: Record<Outcome, string> = { answered: '已答复', weak: '仅给出可能相关条文', unanswered: '未能答复（无依据）' }

export interface TrainingSession {
  id: number
  roomId: string
  roomTopic: string
  trainerKey: string
  startedAt: string
  endedAt?: string
}

export interface TrainingQuestion {
  at: string
  askerName: string
  question: string
  outcome: Outcome
  citations: string[]
  markedWrong: boolean
}

export const TRAINING_HELP = '培训问答记录（培训管理员）：在群里 /培训 开始 ……结束后 /培训 结束；私聊 /培训 记录 查看最近一次的提问清单。期间群里向助手提的问题会被记录，用于培训复盘；其他时间不记录问题内容。'

export class TrainingLog {
  private readonly st: ReturnType<typeof statementCache>
  constructor(
    readonly db: Db,
    private readonly clock: Clock,
    private readonly channel: ChannelName,
  ) {
    this.st = statementCache(db)
  }

  live(roomId: string): TrainingSession | undefined {
    const r = this.st('SELECT * FROM training_sessions WHERE channel = ? AND room_id = ? AND ended_at IS NULL').get(this.channel, roomId) as Row | undefined
    return r && toSession(r)
  }

  start(actor: Actor, room: Room | undefined): string {
    if (!room) throw new UserError('培训问答在群里进行：请在培训群里 @助手 发送“/培训 开始”。')
    if (!can(actor, 'trainer') && !isAdmin(actor)) throw new UserError('只有名册中的培训管理员可以开启培训问答记录。')
    if (this.live(room.id)) throw new UserError('本群的培训问答记录已经开启。结束时发送“/培训 结束”。')
    this.st('INSERT INTO training_sessions (channel, room_id, room_topic, trainer_key, started_at) VALUES (?, ?, ?, ?, ?)').run(this.channel, room.id, room.topic, actor.key, this.clock.now().toISOString())
    return '培训问答开始：从现在起，本群向助手提出的问题会被记录（提问内容、是否答复、是否被标记有误），供培训复盘；发送“/培训 结束”停止记录。'
  }

  end(actor: Actor, room: Room | undefined): string {
    if (!room) throw new UserError('请在进行培训的群里发送“/培训 结束”。')
    const s = this.live(room.id)
    if (!s) throw new UserError('本群没有开启培训问答记录。')
    if (s.trainerKey !== actor.key && !isAdmin(actor)) throw new UserError('只有开启记录的培训管理员（或管理员）可以结束它。')
    this.st('UPDATE training_sessions SET ended_at = ? WHERE id = ?').run(this.clock.now().toISOString(), s.id)
    const qs = this.questions(s.id)
    const n = (o: Outcome) => qs.filter((q) => q.outcome === o).length
    return `培训问答结束（记录编号 ${s.id}）：共提问 ${qs.length} 个，已答复 ${n('answered')} 个，仅给出可能相关条文 ${n('weak')} 个，未能答复 ${n('unanswered')} 个，被标记有误 ${qs.filter((q) => q.markedWrong).length} 个。培训管理员可私聊助手发送“/培训 记录”查看清单。`
  }

  /**
   * Records a question asked in a room with a session open; nothing otherwise. `answerRef`: the id
   * of the message the answer replied to (a rating under the answer names it).
   */
  record(roomId: string, asker: Actor, question: string, outcome: Outcome, citations: string[], answerRef?: string): void {
    const s = this.live(roomId)
    if (!s) return
    this.st('INSERT INTO training_questions (session_id, at, asker_key, asker_name, question, outcome, citations, answer_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(s.id, this.clock.now().toISOString(), asker.key, asker.name, question.slice(0, 500), outcome, JSON.stringify(citations), answerRef ?? null)
  }

  /** /反馈 👎 during a session: the asker's last recorded question is marked wrong. */
  markWrong(roomId: string, askerKey: string): boolean {
    const s = this.live(roomId)
    if (!s) return false
    return this.st('UPDATE training_questions SET marked_wrong = 1 WHERE id = (SELECT MAX(id) FROM training_questions WHERE session_id = ? AND asker_key = ?)').run(s.id, askerKey).changes === 1
  }

  /**
   * A 👎 under an answer (the chat system's rating buttons) marks the question that answer replied
   * to, whoever rated it; a withdrawal or a 👍 takes the mark back. Only within the room's open session.
   */
  markAnswer(roomId: string, answerRef: string, wrong: boolean): boolean {
    const s = this.live(roomId)
    if (!s) return false
    return this.st('UPDATE training_questions SET marked_wrong = ? WHERE session_id = ? AND answer_ref = ?').run(wrong ? 1 : 0, s.id, answerRef).changes > 0
  }

  questions(sessionId: number): TrainingQuestion[] {
    return (this.st('SELECT at, asker_name, question, outcome, citations, marked_wrong FROM training_questions WHERE session_id = ? ORDER BY id').all(sessionId) as Array<{ at: string; asker_name: string; question: string; outcome: Outcome; citations: string; marked_wrong: number }>).map((r) => ({ at: r.at, askerName: r.asker_name, question: r.question, outcome: r.outcome, citations: JSON.parse(r.citations) as string[], markedWrong: r.marked_wrong === 1 }))
  }

  get(id: number): TrainingSession | undefined {
    const r = this.st('SELECT * FROM training_sessions WHERE id = ?').get(id) as Row | undefined
    return r && toSession(r)
  }

  /** The latest session of a trainer (any session, for an admin). */
  latestOf(actor: Actor): TrainingSession | undefined {
    const r = (isAdmin(actor) ? this.st('SELECT * FROM training_sessions ORDER BY id DESC LIMIT 1').get() : this.st('SELECT * FROM training_sessions WHERE trainer_key = ? ORDER BY id DESC LIMIT 1').get(actor.key)) as Row | undefined
    return r && toSession(r)
  }
}

type Row = { id: number; room_id: string; room_topic: string; trainer_key: string; started_at: string; ended_at: string | null }
const toSession = (r: Row): TrainingSession => ({ id: r.id, roomId: r.room_id, roomTopic: r.room_topic, trainerKey: r.trainer_key, startedAt: r.started_at, ...(r.ended_at ? { endedAt: r.ended_at } : {}) })
