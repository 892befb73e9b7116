/**
 * What a handler sees of one message: the message, the text with the mention removed, stable
 * keys for the chat and the sender, and `reply`, which @s the asker in rooms and splits long text.
 */
import type { Logger } from '../log.js'
import type { Incoming } from '../channels/types.js'

export interface BotContext {
  msg: Incoming
  /** Text after the mention and surrounding spaces are removed. */
  text: string
  /** room id, or 'p:' + sender id for a private chat */
  chatKey: string
  /** Sender key used for limits and sessions (names are stable across logins; ids may not be). */
  personKey: string
  isAdmin: boolean
  /** What happened, for the audit line: answer, no-basis, command:条, dropped:stale, … */
  outcome: string
  log: Logger
  reply(text: string): Promise<void>
}
