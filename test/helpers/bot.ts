/** A router over the fixture knowledge base with a recording channel and a fixed clock. */
import { Writable } from 'node:stream'
import { join } from 'node:path'
import type { Channel, ChatTarget, Incoming } from '../../bot/chat/channels/types.js'
import type { FeedbackEntry, FeedbackStore } from '../../bot/office/feedback.js'
import { hasher } from '../../bot/hash.js'
import { createLogger } from '../../bot/log.js'
import { type RouterOptions, createRouter } from '../../bot/chat/router/index.js'
import { Sessions } from '../../bot/chat/router/sessions.js'
import { practiceBook, quizParts, quizRunner } from '../../bot/office/quiz/index.js'
import { TrainingLog } from '../../bot/office/quiz/training.js'
import { ExpertDesk } from '../../bot/office/experts/desk.js'
import { FaqAnswerer } from '../../bot/office/experts/faq-answerer.js'
import { Outbox } from '../../bot/office/rectification/outbox.js'
import { fixtureKnowledge } from './kb.js'
import { ledgerFixture } from './ledger.js'

export class RecordingChannel implements Channel {
  readonly name = 'recording'
  readonly sent: Array<{ to: ChatTarget; text: string }> = []
  async start(): Promise<void> {}
  ready(): boolean {
    return true
  }
  async send(to: ChatTarget, text: string): Promise<void> {
    this.sent.push({ to, text })
  }
  async stop(): Promise<void> {}
  take(): string[] {
    return this.sent.splice(0).map((s) => s.text)
  }
}

export class MemoryFeedback implements FeedbackStore {
  readonly entries: FeedbackEntry[] = []
  async add(e: FeedbackEntry): Promise<void> {
    this.entries.push(e)
  }
}

export const T0 = '2026-11-21T02:00:00.000Z'

export async function routerFixture(over: Partial<RouterOptions> = {}, kbPath?: string) {
  const kb = await fixtureKnowledge(kbPath)
  const office = ledgerFixture(T0, ':memory:')
  const clock = office.clock
  const channel = new RecordingChannel()
  const logLines: string[] = []
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(String(chunk))
      cb()
    },
  })
  const feedback = new MemoryFeedback()
  const parts = quizParts(office.db, kb.index, kb.retriever, { generate: false })
  const practice = practiceBook(office.db, parts, { clock, random: () => 0.999 })
  const training = new TrainingLog(office.db, clock, 'wechaty')
  const quiz = quizRunner(parts, { clock, channel: 'wechaty', practice, send: (room, text) => channel.send({ room, person: { id: '', name: '' } }, text), random: () => 0.999 })
  const options: RouterOptions = {
    botName: '助手',
    allow: { rooms: [], people: [] },
    limits: { perPerson: 5, perRoom: 20, windowMs: 60_000 },
    maxReplyBytes: 2000,
    staleMs: 120_000,
    startedAt: new Date(T0),
    ...over,
  }
  const outbox = new Outbox(office.db)
  const experts = new ExpertDesk({ db: office.db, clock, retriever: kb.retriever, roster: office.roster, outbox, channel: 'wechaty' })
  const route = createRouter({
    channel,
    channelName: 'wechaty',
    roster: office.roster,
    log: createLogger('debug', sink),
    hash: hasher('test-salt'),
    clock,
    library: kb.index,
    retriever: kb.retriever,
    // As the bot builds it: approved expert answers first (bot/app.ts).
    answerer: new FaqAnswerer(kb.answerer, experts, kb.retriever),
    experts,
    sessions: new Sessions(clock, 5 * 60_000),
    calendar: office.calendar,
    ledger: office.ledger,
    quiz,
    practice,
    training,
    titleOf: parts.titleOf,
    feedback,
    options,
  })
  let n = 0
  const msg = (text: string, o: Partial<Incoming> & { roomTopic?: string } = {}): Incoming => {
    const { roomTopic, ...rest } = o
    return {
      id: `m${++n}`,
      kind: 'text',
      text,
      from: { id: 'u-zhang', name: '张三' },
      room: roomTopic ? { id: `${roomTopic}@chatroom`, topic: roomTopic } : undefined,
      mentionSelf: false,
      self: false,
      date: clock.now(),
      ...rest,
    }
  }
  return { kb, clock, channel, route, msg, logLines, feedback, options, office, quiz, practice, training, experts, outbox }
}

export const FIXTURE_KB = join(import.meta.dirname, '../fixtures/kb')
