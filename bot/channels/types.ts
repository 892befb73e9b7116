/**
 * The messaging boundary: every channel (console, wechaty) turns its own messages into `Incoming`
 * and sends text to a `ChatTarget`. Nothing past this file knows which chat system is in use.
 */
export interface Person {
  /** Channel id (may change between logins on web puppets: allow-lists use names). */
  id: string
  name: string
}

export interface Room {
  id: string
  topic: string
}

export interface Incoming {
  id: string
  kind: 'text' | 'other'
  /** Message text with the mention of the bot still in it. */
  text: string
  from: Person
  room?: Room
  /** True when the bot is @-mentioned (or its name is written as a mention). */
  mentionSelf: boolean
  /** Sent by the bot's own account. */
  self: boolean
  date: Date
}

export interface ChatTarget {
  room?: Room
  person: Person
  /** @ the person in a room reply. */
  mention?: boolean
}

export interface Channel {
  readonly name: string
  start(onMessage: (m: Incoming) => Promise<void>): Promise<void>
  send(to: ChatTarget, text: string): Promise<void>
  stop(): Promise<void>
}

/** Where a message came from, as a reply target. */
export const replyTarget = (m: Incoming): ChatTarget => ({ room: m.room, person: m.from, mention: !!m.room })
