/**
 * What a handler sees of one message: the message, the text with the mention removed, stable
 * keys for the chat and the sender, who the sender is (from the roster, by chat id), and `reply`,
 * which @s the asker in rooms and splits long text.
 */
import type { Logger } from '../../log.js'
import type { Incoming } from '../channels/types.js'
import type { Actor } from '../../office/roster/model.js'
import type { Outgoing } from '../render.js'

export interface BotContext {
  msg: Incoming
  /** Text after the mention and surrounding spaces are removed. */
  text: string
  /** 'r:' + room id, or 'p:' + the sender's key for a private chat */
  chatKey: string
  /** The sender's roster key (or a guest key derived from the chat account): never a display name. */
  personKey: string
  /** The sender, with the rights the roster gives them. */
  actor: Actor
  /** What happened, for the audit line: answer, no-basis, command:条, dropped:stale, … */
  outcome: string
  log: Logger
  /** Plain text (a Markdown channel escapes it) or a reply rendered for both kinds of channel. */
  reply(m: Outgoing): Promise<void>
}
