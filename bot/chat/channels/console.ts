/**
 * Console channel: one message per input line. In a terminal it is interactive; with piped
 * input it answers every line in order and finishes at end of input, so it can be scripted.
 * `room` makes the lines group messages (mention rules apply: "@助手" counts as a mention).
 */
import { createInterface } from 'node:readline'
import type { Clock } from '../../clock.js'
import { CONSOLE_OPERATOR } from '../../office/roster/model.js'
import type { Channel, ChatTarget, Incoming } from './types.js'

export { CONSOLE_OPERATOR }

export interface ConsoleOptions {
  input: NodeJS.ReadableStream
  output: NodeJS.WritableStream
  clock: Clock
  botName: string
  /** Room topic: lines become group messages in that room. */
  room?: string
  /** Sender name. */
  as?: string
  interactive?: boolean
}

export class ConsoleChannel implements Channel {
  readonly name = 'console'
  private n = 0
  private closed?: Promise<void>
  private rl?: ReturnType<typeof createInterface>

  constructor(private readonly o: ConsoleOptions) {}

  /** Resolves when input has ended and every line has been handled. */
  get finished(): Promise<void> {
    return this.closed ?? Promise.resolve()
  }

  async start(onMessage: (m: Incoming) => Promise<void>): Promise<void> {
    const { o } = this
    const rl = createInterface({ input: o.input, terminal: false })
    this.rl = rl
    // The console's account id: "local" for the operator at the terminal, or the simulated --as name.
    const sender = { id: o.as ?? CONSOLE_OPERATOR, name: o.as ?? '我' }
    const room = o.room ? { id: `console-${o.room}@chatroom`, topic: o.room } : undefined
    if (o.interactive) o.output.write(`纪检助手（控制台${room ? `，群“${room.topic}”，请 @${o.botName} 提问` : ''}）。输入问题后回车，Ctrl+D 退出。\n> `)
    this.closed = (async () => {
      for await (const line of rl) {
        if (line.trim()) {
          const text = line.replace(/\r$/, '')
          const mentionSelf = !!room && text.includes(`@${o.botName}`)
          await onMessage({ id: `console-${++this.n}`, kind: 'text', text, from: sender, room, mentionSelf, self: false, date: o.clock.now() })
        }
        if (o.interactive) o.output.write('> ')
      }
    })()
  }

  ready(): boolean {
    return true
  }

  async send(to: ChatTarget, text: string): Promise<void> {
    const prefix = to.room && to.mention ? `@${to.person.name} ` : ''
    this.o.output.write(`${prefix}${text}\n\n`)
  }

  async stop(): Promise<void> {
    this.rl?.close()
  }
}
