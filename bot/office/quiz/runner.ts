/**
 * A quiz in a room, run by a roster trainer: `/测验 开始 [法规或主题] [题数] [每题秒数]`, then
 * `暂停`, `继续`, `结束`. One question at a time; members answer by sending the letter(s), 对/错 or
 * the missing words (no @ needed); the first answer of each person counts, later ones and late ones
 * are ignored and said so once per quiz. After each question: the answer, the article quoted and
 * how many got it right; at the end a leaderboard (score, then time).
 *
 * State lives in SQLite (store.ts); `tick()` is called by a polling loop with the injected clock,
 * so a quiz goes on after a restart and no long timers exist.
 *
 * @example await runner.tick() // closes due questions, posts the next ones
 */
import type { Room } from '../../chat/channels/types.js'
import type { Clock } from '../../clock.js'
import { UserError } from '../../errors.js'
import { type Actor, type ChannelName, can, isAdmin } from '../roster/model.js'
import type { QuizBank } from './bank.js'
import type { ArticleSource } from './check.js'
import { type Standing, draw, matchesFilter, questionText, standings, toAsked } from './items.js'
import { LETTERS, isCorrect, readAnswer } from './model.js'
import type { PracticeBook } from './practice.js'
import { quizReport, quizReportText } from './report.js'
import type { Quiz, QuizStore } from './store.js'

export const QUIZ_HELP = [
  '测验用法（在群里，由名册中的培训管理员发起）：',
  '/测验 开始 [法规或主题] [题数] [每题秒数]   例：/测验 开始 监察法 5 30',
  '/测验 暂停 ｜ /测验 继续 ｜ /测验 结束',
  `题数 1–${50}，每题 10–600 秒；默认 10 题、每题 60 秒。群成员直接回复答案即可，不必 @助手。`,
].join('\n')

export const LIMITS = { maxQuestions: 50, minSeconds: 10, maxSeconds: 600, defaultQuestions: 10, defaultSeconds: 60 }

export interface QuizDeps {
  store: QuizStore
  bank: () => QuizBank
  /** The articles, for quoting the answer's sentence (absent: the citation and explanation only). */
  source?: ArticleSource
  /** Title of the regulation an article id belongs to (for choosing by regulation). */
  titleOf: (basis: string) => string | undefined
  clock: Clock
  channel: ChannelName
  send: (room: Room, text: string) => Promise<void>
  /** 0..1; injected so tests draw the same questions every time. */
  random?: () => number
  /** The wrong-answer books: every answer given in a quiz is rated there. */
  practice?: PracticeBook
  /** A send that failed during a tick (logged by the caller; the quiz goes on next tick). */
  onError?: (err: unknown) => void
  /** Announcements to a configured group (the WeCom webhook): a quiz started, a quiz ended (counts, no names). */
  announce?: (text: string) => void
}

export interface StartArgs {
  filter?: string
  count: number
  seconds: number
}

/** Parses `[法规或主题] [题数] [每题秒数]`; a clear Chinese message for anything else. */
export function parseStartArgs(raw: string): StartArgs {
  const words = raw.trim().split(/\s+/).filter(Boolean)
  const nums: number[] = []
  const text: string[] = []
  for (const w of words) {
    const m = /^(\d+)(题|道|秒|s)?$/i.exec(w)
    if (m) {
      const v = Number(m[1])
      const slot = m[2] === '秒' || m[2]?.toLowerCase() === 's' ? 1 : m[2] ? 0 : nums[0] === undefined ? 0 : 1
      if (nums[slot] !== undefined) throw new UserError(`“${w}”重复了${slot ? '每题秒数' : '题数'}：请只写一个题数和一个秒数。\n${QUIZ_HELP}`)
      nums[slot] = v
    } else if (/^\d/.test(w) || /^-/.test(w)) throw new UserError(`无法识别“${w.slice(0, 20)}”：题数和秒数请写正整数。\n${QUIZ_HELP}`)
    else text.push(w)
  }
  const count = nums[0] ?? LIMITS.defaultQuestions
  const seconds = nums[1] ?? LIMITS.defaultSeconds
  if (count < 1 || count > LIMITS.maxQuestions) throw new UserError(`题数应在 1–${LIMITS.maxQuestions} 之间（收到 ${count}）。`)
  if (seconds < LIMITS.minSeconds || seconds > LIMITS.maxSeconds) throw new UserError(`每题时间应在 ${LIMITS.minSeconds}–${LIMITS.maxSeconds} 秒之间（收到 ${seconds}）。`)
  const filter = text.join(' ').slice(0, 40)
  return { ...(filter ? { filter } : {}), count, seconds }
}

const iso = (d: Date) => d.toISOString()

export class QuizRunner {
  constructor(private readonly d: QuizDeps) {}

  live(roomId: string): Quiz | undefined {
    return this.d.store.live(this.d.channel, roomId)
  }

  /** Starts a quiz and posts its first question. */
  async start(actor: Actor, room: Room | undefined, rawArgs: string): Promise<void> {
    if (!room) throw new UserError('测验在群里进行：请在培训群里 @助手 发送“/测验 开始”。')
    if (!can(actor, 'trainer') && !isAdmin(actor)) throw new UserError('只有名册中的培训管理员可以组织测验。请管理员用“/名册 角色”为您加上“培训管理员”角色。')
    const args = parseStartArgs(rawArgs)
    if (this.live(room.id)) throw new UserError('本群已有一场测验在进行，请先“/测验 结束”。')
    const pool = this.d.bank().askable(args.filter ? (it) => matchesFilter(it, args.filter as string, this.d.titleOf) : undefined)
    if (!pool.length) throw new UserError(args.filter ? `没有找到与“${args.filter}”相关的可用题目。可按法规（如 监察法、纪律处分条例、监督执纪工作规则）或主题（如 留置、时限、廉洁纪律）选题，也可不写。` : '题库中没有可用的题目。')
    const items = draw(pool, args.count, this.d.random ?? Math.random).map((it) => toAsked(it, this.d.source, this.d.titleOf))
    const title = args.filter ? `${args.filter}专题测验` : '应知应会测验'
    const quiz = this.d.store.create({ channel: this.d.channel, roomId: room.id, roomTopic: room.topic, trainerKey: actor.key, title, seconds: args.seconds, items, at: iso(this.d.clock.now()) })
    const short = items.length < args.count ? `（相关题目只有 ${items.length} 道）` : ''
    await this.d.send(room, `【${title}】开始！共 ${items.length} 题${short}，每题 ${args.seconds} 秒。直接回复答案即可，每人每题以第一次作答为准。`)
    this.d.announce?.(`【${title}】在群“${room.topic || '培训群'}”开始：共 ${items.length} 题，每题 ${args.seconds} 秒。`)
    await this.next(quiz, room)
  }

  async pause(actor: Actor, room: Room | undefined): Promise<void> {
    const q = this.own(actor, room)
    if (q.state === 'paused') throw new UserError('测验已经暂停了。发送“/测验 继续”恢复。')
    const left = q.deadline ? Math.max(0, Date.parse(q.deadline) - this.d.clock.now().getTime()) : q.seconds * 1000
    this.d.store.pause(q.id, left)
    await this.d.send(room as Room, `测验已暂停（第 ${q.current} 题还剩 ${Math.ceil(left / 1000)} 秒）。发送“/测验 继续”恢复。`)
  }

  async resume(actor: Actor, room: Room | undefined): Promise<void> {
    const q = this.own(actor, room)
    if (q.state === 'running') throw new UserError('测验正在进行，没有暂停。')
    const left = q.remainingMs ?? q.seconds * 1000
    this.d.store.resume(q.id, q.current ? iso(new Date(this.d.clock.now().getTime() + left)) : null)
    await this.d.send(room as Room, `测验继续：第 ${q.current} 题还有 ${Math.ceil(left / 1000)} 秒。`)
  }

  async end(actor: Actor, room: Room | undefined): Promise<void> {
    const q = this.own(actor, room)
    await this.closeOpen(q, room as Room)
    await this.finish(q, room as Room, '培训管理员结束')
  }

  /**
   * A member's message while a quiz runs in the room: true when it was taken as an answer (or as a
   * late or repeated one, which is said once), false when it is not an answer at all.
   */
  async answer(actor: Actor, room: Room, text: string, mentioned: boolean): Promise<{ taken: boolean; reply?: string }> {
    const q = this.live(room.id)
    if (!q || !q.current) return { taken: false }
    const question = this.d.store.question(q.id, q.current)
    if (!question) return { taken: false }
    const item = question.item
    // Fill-in answers are free text: a message to the bot is a question, not an answer.
    if (item.type === 'fill' && mentioned) return { taken: false }
    const given = readAnswer(item.type, text)
    if (given === undefined) return { taken: false }
    const now = this.d.clock.now()
    if (q.state === 'paused') return { taken: true, reply: this.d.store.noticeOnce(q.id, actor.key, 'paused') ? '测验暂停中，恢复后再作答。' : undefined }
    if (question.closedAt || (q.deadline && now.getTime() > Date.parse(q.deadline))) {
      return { taken: true, reply: this.d.store.noticeOnce(q.id, actor.key, 'late') ? `第 ${q.current} 题已截止，这次作答不计分（每题限时 ${q.seconds} 秒）。` : undefined }
    }
    const ms = Math.max(0, now.getTime() - Date.parse(question.postedAt ?? iso(now)))
    const first = this.d.store.answer(q.id, { n: q.current, personKey: actor.key, name: actor.name, answer: given, correct: isCorrect(item, given), ms, at: iso(now) })
    if (!first) return { taken: true, reply: this.d.store.noticeOnce(q.id, actor.key, 'repeat') ? '每题以第一次作答为准，修改和重复作答不计。' : undefined }
    return { taken: true }
  }

  /** Closes questions whose time is up and posts what follows; called every second or so. */
  async tick(): Promise<number> {
    const now = this.d.clock.now()
    let acted = 0
    for (const q of this.d.store.due(this.d.channel, iso(now))) {
      const room = { id: q.roomId, topic: q.roomTopic }
      // One room's failed send never holds up another room's quiz; the state is already in the
      // database, so the next tick goes on from where this one stopped.
      try {
        if (q.current) await this.closeOpen(q, room)
        if (q.current < q.total) await this.next(q, room)
        else await this.finish(q, room, '全部答完')
      } catch (err) {
        this.d.onError?.(err)
      }
      acted++
    }
    return acted
  }

  /** The trainer's report of a quiz (their latest one by default), for private chat. */
  report(actor: Actor, id?: number): string {
    if (!can(actor, 'trainer') && !isAdmin(actor)) throw new UserError('只有培训管理员可以查看测验报告。')
    const mine = this.d.store.latest(200).filter((q) => q.trainerKey === actor.key || isAdmin(actor))
    const q = id === undefined ? mine[0] : mine.find((x) => x.id === id)
    if (!q) throw new UserError(id === undefined ? '您还没有组织过测验。' : `没有编号为 ${id} 的测验，或它不是您组织的。`)
    return quizReportText(quizReport(this.d.store, q.id, this.d.practice, this.d.clock.now()))
  }

  /** The final standings: score, then total time of the correct answers. */
  leaderboard(quizId: number): Standing[] {
    return standings(this.d.store.answers(quizId))
  }

  private own(actor: Actor, room: Room | undefined): Quiz {
    if (!room) throw new UserError('请在进行测验的群里发送这条命令。')
    const q = this.live(room.id)
    if (!q) throw new UserError('本群没有进行中的测验。')
    if (q.trainerKey !== actor.key && !isAdmin(actor)) throw new UserError('只有发起这场测验的培训管理员（或管理员）可以暂停、继续或结束它。')
    return q
  }

  private async next(q: Quiz, room: Room): Promise<void> {
    const n = q.current + 1
    const question = this.d.store.question(q.id, n)
    if (!question) return
    const now = this.d.clock.now()
    this.d.store.open(q.id, n, iso(now), iso(new Date(now.getTime() + q.seconds * 1000)))
    await this.d.send(room, questionText(question.item, n, q.total, q.seconds))
  }

  private async closeOpen(q: Quiz, room: Room): Promise<void> {
    if (!q.current) return
    if (!this.d.store.close(q.id, q.current, iso(this.d.clock.now()))) return
    const question = this.d.store.question(q.id, q.current)
    if (!question) return
    const answers = this.d.store.answers(q.id, q.current)
    const right = answers.filter((a) => a.correct).length
    const it = question.item
    const now = this.d.clock.now()
    for (const a of answers) this.d.practice?.record(a.personKey, it, { correct: a.correct, ms: a.ms }, now)
    const answer = it.type === 'single' || it.type === 'multiple' ? [...it.answer].map((c) => `${c}. ${it.options?.[LETTERS.indexOf(c)] ?? ''}`).join('；') : it.answer
    await this.d.send(room, [
      `第 ${q.current} 题答案：${answer}`,
      it.quote ? `依据${it.cite}：“${it.quote}”` : `依据${it.cite}。`,
      ...(it.explanation && !it.explanation.startsWith('依据') ? [`说明：${it.explanation}`] : []),
      answers.length ? `作答 ${answers.length} 人，答对 ${right} 人（${Math.round((right / answers.length) * 100)}%）。` : '本题无人作答。',
    ].join('\n'))
  }

  private async finish(q: Quiz, room: Room, reason: string): Promise<void> {
    this.d.store.finish(q.id, iso(this.d.clock.now()), reason)
    const board = this.leaderboard(q.id)
    const asked = this.d.store.questions(q.id).filter((x) => x.postedAt).length
    const answers = this.d.store.answers(q.id)
    this.d.announce?.(`【${q.title}】已结束：出题 ${asked} 道，${board.length} 人参加，总体答对率 ${answers.length ? Math.round((answers.filter((a) => a.correct).length / answers.length) * 100) : 0}%。`)
    await this.d.send(room, [
      `【${q.title}】结束（${reason}）：共出 ${asked} 题，${board.length} 人参加。`,
      ...(board.length ? ['排行榜：', ...board.slice(0, 10).map((p, i) => `${i + 1}. ${p.name} 答对 ${p.score}/${asked}${p.score ? `，用时 ${Math.round(p.ms / 1000)} 秒` : ''}`)] : ['本场无人作答。']),
    ].join('\n'))
  }

}
