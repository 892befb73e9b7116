/**
 * The messaging boundary: every channel (console, wechaty) turns its own messages into `Incoming`
 * and sends text to a `ChatTarget`. Nothing past this file knows which chat system is in use.
 */
export interface Person {
  /** The account id on the channel: the only thing identity is keyed on (with the channel). */
  id: string
  /** Display name: chosen by its owner, not unique; shown, never trusted. */
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
  /** How the channel shows text: plain (default) or Markdown. */
  readonly format?: 'text' | 'markdown'
  start(onMessage: (m: Incoming) => Promise<void>): Promise<void>
  /** True while messages can be sent (logged in); the reminder scheduler pauses otherwise. */
  ready(): boolean
  send(to: ChatTarget, text: string): Promise<void>
  stop(): Promise<void>
}

/** Where a message came from, as a reply target. */
export const replyTarget = (m: Incoming): ChatTarget => ({ room: m.room, person: m.from, mention: !!m.room })
