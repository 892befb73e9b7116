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

/** A rating the chat system collected on one of the bot's answers (WeCom's 👍/👎 under a reply). */
export interface RatingEvent {
  rating: 'up' | 'down' | 'withdrawn'
  /** What the person wrote with a 👎 (may be empty). */
  comment: string
  /** The platform's reason codes for a 👎, as given. */
  reasons: number[]
  /** Id of the message the rated answer replied to. */
  answerTo: string
}

export interface Incoming {
  id: string
  /** 'rating': a 👍/👎 on an earlier answer (see `rating`), not something the person typed. */
  kind: 'text' | 'other' | 'rating'
  /** Message text with the mention of the bot still in it. */
  text: string
  from: Person
  room?: Room
  /** True when the bot is @-mentioned (or its name is written as a mention). */
  mentionSelf: boolean
  /** Sent by the bot's own account. */
  self: boolean
  date: Date
  /** Present when kind is 'rating'. */
  rating?: RatingEvent
}

export interface ChatTarget {
  room?: Room
  person: Person
  /** @ the person in a room reply. */
  mention?: boolean
}

export interface SendOptions {
  markdown?: boolean
}

export interface Channel {
  readonly name: string
  /** How the channel shows text: plain (default) or Markdown. */
  readonly format?: 'text' | 'markdown'
  start(onMessage: (m: Incoming) => Promise<void>): Promise<void>
  /** True while messages can be sent (logged in); the reminder scheduler pauses otherwise. */
  ready(): boolean
  /**
   * Sends text: plain by default (a Markdown channel escapes it); with `markdown` the text is
   * Markdown already (given only to channels whose format is Markdown).
   */
  send(to: ChatTarget, text: string, o?: SendOptions): Promise<void>
  stop(): Promise<void>
}

/** Where a message came from, as a reply target. */
export const replyTarget = (m: Incoming): ChatTarget => ({ room: m.room, person: m.from, mention: !!m.room })
