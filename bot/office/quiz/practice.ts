/**
 * Personal practice in private chat: a wrong-answer book (错题本) per person, with spaced
 * repetition by FSRS (ts-fsrs). A wrong answer in a quiz or a practice round puts the item in the
 * book (rated Again); later answers rate it Hard when correct but slow, Good when correct, Again
 * when wrong. `/练习` runs a short round of the items due; `/练习 新题` draws fresh ones. An optional
 * daily nudge in working hours goes through the same outbox as the rectification reminders.
 *
 * @example book.record('P01', item, { correct: false, ms: 12_000 }, now)
 */
import { type Card, Rating, createEmptyCard, fsrs, generatorParameters } from 'ts-fsrs'
import type { Clock } from '../../clock.js'
import type { Db } from '../db.js'
import { statementCache } from '../db.js'
import { UserError } from '../../errors.js'
import type { Calendar } from '../rectification/calendar.js'
import type { Outbox } from '../rectification/outbox.js'
import type { QuizBank } from './bank.js'
import { type BankItem, LETTERS, isCorrect, readAnswer } from './model.js'
import { draw, questionText } from './items.js'
import type { AskedItem } from './store.js'

/** A correct answer slower than this is rated Hard: known, but not yet by heart. */
export const SLOW_MS = 60_000
/** Questions in one practice round. */
export const ROUND_SIZE = 5
/** Working hours for the daily practice nudge, Asia/Shanghai. */
export const NUDGE_WINDOW = { from: '09:30', to: '17:30' }

export const PRACTICE_HELP = [
  '个人练习（仅限私聊）：',
  '/练习 —— 复习错题本里到期的题（每轮 5 题）',
  '/练习 新题 [法规或主题] —— 做 5 道新题',
  '/练习 错题本 —— 看错题本里有多少题、何时到期',
  '/练习 提醒 开｜关 —— 工作日上班时间提醒复习到期的错题',
  '/练习 结束 —— 结束本轮',
].join('\n')

const scheduler = fsrs(generatorParameters({ enable_fuzz: false }))

type CardJson = Omit<Card, 'due' | 'last_review'> & { due: string; last_review?: string }
const toJson = (c: Card): CardJson => {
  const { last_review, ...rest } = c
  return { ...rest, due: c.due.toISOString(), ...(last_review ? { last_review: new Date(last_review).toISOString() } : {}) }
}
const fromJson = (c: CardJson): Card => ({ ...c, due: new Date(c.due), ...(c.last_review ? { last_review: new Date(c.last_review) } : {}) }) as Card

/** The rating of one answer. */
export function ratingOf(correct: boolean, ms: number): Rating {
  return !correct ? Rating.Again : ms > SLOW_MS ? Rating.Hard : Rating.Good
}

const shanghai = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString()

export class PracticeBook {
  private readonly st: ReturnType<typeof statementCache>
  constructor(
    readonly db: Db,
    /** `bank` and `asked` are needed only to draw new items (a report reads the books alone). */
    private readonly d: { clock: Clock; bank?: () => QuizBank; asked?: (it: BankItem) => AskedItem; random?: () => number },
  ) {
    this.st = statementCache(db)
  }

  /**
   * Rates one answer. A wrong answer adds the item to the book; a right one moves an item already
   * in the book on (items answered right the first time never enter it).
   */
  record(personKey: string, item: AskedItem, o: { correct: boolean; ms: number }, at: Date): void {
    const row = this.st('SELECT card FROM practice_cards WHERE person_key = ? AND item_id = ?').get(personKey, item.id) as { card: string } | undefined
    if (!row && o.correct) return
    const card = row ? fromJson(JSON.parse(row.card) as CardJson) : createEmptyCard(at)
    const next = scheduler.next(card, at, ratingOf(o.correct, o.ms) as Exclude<Rating, Rating.Manual>).card
    if (row) this.st('UPDATE practice_cards SET card = ?, due = ?, item = ?, wrong = wrong + ? WHERE person_key = ? AND item_id = ?').run(JSON.stringify(toJson(next)), next.due.toISOString(), JSON.stringify(item), o.correct ? 0 : 1, personKey, item.id)
    else this.st('INSERT INTO practice_cards (person_key, item_id, item, card, due, wrong, added_at) VALUES (?, ?, ?, ?, ?, 1, ?)').run(personKey, item.id, JSON.stringify(item), JSON.stringify(toJson(next)), next.due.toISOString(), at.toISOString())
  }

  /** Items in the book, due ones first. */
  cards(personKey: string): Array<{ item: AskedItem; due: string; wrong: number }> {
    return (this.st('SELECT item, due, wrong FROM practice_cards WHERE person_key = ? ORDER BY due').all(personKey) as Array<{ item: string; due: string; wrong: number }>).map((r) => ({ item: JSON.parse(r.item) as AskedItem, due: r.due, wrong: r.wrong }))
  }

  dueCount(personKey: string, at: Date): number {
    return (this.st('SELECT COUNT(*) AS n FROM practice_cards WHERE person_key = ? AND due <= ?').get(personKey, at.toISOString()) as { n: number }).n
  }

  /** Items due now (by the injected clock). */
  dueNow(personKey: string): number {
    return this.dueCount(personKey, this.d.clock.now())
  }

  /** Who has which items due (for the trainer's report). */
  dueByPerson(at: Date): Array<{ personKey: string; itemId: string; due: string }> {
    return (this.st('SELECT person_key AS personKey, item_id AS itemId, due FROM practice_cards WHERE due <= ? ORDER BY person_key, due').all(at.toISOString()) as Array<{ personKey: string; itemId: string; due: string }>)
  }

  /** Starts a round: the items due, or (fresh) new items from the bank. Returns the first question. */
  start(personKey: string, o: { fresh?: boolean; filter?: (it: BankItem) => boolean } = {}): string {
    const now = this.d.clock.now()
    let items: AskedItem[]
    if (o.fresh) {
      const { bank, asked } = this.d
      if (!bank || !asked) throw new UserError('练习功能未启用题库。')
      const known = new Set(this.cards(personKey).map((c) => c.item.id))
      const pool = bank().askable((it) => !known.has(it.id) && (!o.filter || o.filter(it)))
      if (!pool.length) throw new UserError('没有找到可练习的新题。可换一个法规或主题，或不写主题。')
      items = draw(pool, ROUND_SIZE, this.d.random ?? Math.random).map(asked)
    } else {
      items = this.cards(personKey).filter((c) => c.due <= now.toISOString()).slice(0, ROUND_SIZE).map((c) => c.item)
      if (!items.length) {
        const next = this.cards(personKey)[0]
        throw new UserError(next ? `错题本里暂时没有到期的题，下次到期：${shanghai(new Date(next.due)).slice(0, 16).replace('T', ' ')}。可发送“/练习 新题”做几道新题。` : '错题本是空的：测验和练习中答错的题会自动记入。可发送“/练习 新题”做几道新题。')
      }
    }
    this.st('INSERT INTO practice_rounds (person_key, items, position, asked_at, correct) VALUES (?, ?, 1, ?, 0) ON CONFLICT(person_key) DO UPDATE SET items = excluded.items, position = 1, asked_at = excluded.asked_at, correct = 0').run(personKey, JSON.stringify(items), now.toISOString())
    return `开始练习，共 ${items.length} 题，不限时（超过 ${SLOW_MS / 1000} 秒答对记为“不熟”）。\n\n${questionText(items[0] as AskedItem, 1, items.length)}`
  }

  hasRound(personKey: string): boolean {
    return !!this.st('SELECT 1 FROM practice_rounds WHERE person_key = ?').get(personKey)
  }

  /** A reply during a round: the feedback and the next question, or undefined when it is not an answer. */
  answer(personKey: string, text: string): string | undefined {
    const r = this.st('SELECT items, position, asked_at, correct FROM practice_rounds WHERE person_key = ?').get(personKey) as { items: string; position: number; asked_at: string; correct: number } | undefined
    if (!r) return undefined
    const items = JSON.parse(r.items) as AskedItem[]
    const it = items[r.position - 1]
    if (!it) return undefined
    const given = readAnswer(it.type, text)
    if (given === undefined) return undefined
    const now = this.d.clock.now()
    const ms = now.getTime() - Date.parse(r.asked_at)
    const ok = isCorrect(it, given)
    this.record(personKey, it, { correct: ok, ms }, now)
    const answer = it.type === 'single' || it.type === 'multiple' ? [...it.answer].map((c) => `${c}. ${it.options?.[LETTERS.indexOf(c)] ?? ''}`).join('；') : it.answer
    const lines = [ok ? (ms > SLOW_MS ? '答对了（用时较长，记为不熟，会早些再考）。' : '答对了！') : `答错了，正确答案：${answer}`, it.quote ? `依据${it.cite}：“${it.quote}”` : `依据${it.cite}。`]
    const correct = r.correct + (ok ? 1 : 0)
    if (r.position >= items.length) {
      this.st('DELETE FROM practice_rounds WHERE person_key = ?').run(personKey)
      lines.push('', `本轮结束：答对 ${correct}/${items.length}。错题本中现有 ${this.cards(personKey).length} 题，到期 ${this.dueCount(personKey, now)} 题。`)
    } else {
      this.st('UPDATE practice_rounds SET position = position + 1, asked_at = ?, correct = ? WHERE person_key = ?').run(now.toISOString(), correct, personKey)
      lines.push('', questionText(items[r.position] as AskedItem, r.position + 1, items.length))
    }
    return lines.join('\n')
  }

  end(personKey: string): boolean {
    return this.st('DELETE FROM practice_rounds WHERE person_key = ?').run(personKey).changes === 1
  }

  setNudge(personKey: string, on: boolean): void {
    this.st('INSERT INTO practice_prefs (person_key, nudge) VALUES (?, ?) ON CONFLICT(person_key) DO UPDATE SET nudge = excluded.nudge').run(personKey, on ? 1 : 0)
  }

  /**
   * Records today's practice nudges (once per person per working day, within working hours) for
   * those who asked for them and have items due; the outbox delivers them with the reminders.
   */
  planNudges(outbox: Outbox, calendar: Calendar): number {
    const now = this.d.clock.now()
    const local = shanghai(now)
    const day = local.slice(0, 10)
    const hm = local.slice(11, 16)
    if (!calendar.isWorkday(day) || hm < NUDGE_WINDOW.from || hm >= NUDGE_WINDOW.to) return 0
    let n = 0
    const people = this.st('SELECT person_key FROM practice_prefs WHERE nudge = 1').all() as Array<{ person_key: string }>
    for (const { person_key } of people) {
      const due = this.dueCount(person_key, now)
      if (!due) continue
      if (outbox.add({ key: `practice:${person_key}:${day}`, kind: 'practice', itemId: null, recipient: person_key, text: `错题本里有 ${due} 道题到期复习，发送“/练习”开始（约 ${Math.min(due, ROUND_SIZE)} 分钟）。不再提醒请发送“/练习 提醒 关”。` }, now.toISOString())) n++
    }
    return n
  }
}
