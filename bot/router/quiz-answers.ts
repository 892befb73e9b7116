/**
 * While a quiz runs in a room, members answer without @-mentioning the bot: this guard sits before
 * the mention gate and takes the messages that read as answers to the open question. Everything
 * else (commands, questions to the bot, chat) passes on unchanged.
 */
import type { QuizRunner } from '../quiz/runner.js'
import type { Handler } from './compose.js'
import { mentionPattern } from './guards.js'

export const quizAnswers = (runner: QuizRunner | undefined, botName: string): Handler => {
  const mention = mentionPattern(botName)
  return async (ctx, next) => {
    const room = ctx.msg.room
    if (!runner || !room || /^\s*(@\S+\s*)?[/／]/.test(ctx.msg.text)) return next()
    const named = mention.test(ctx.msg.text)
    mention.lastIndex = 0
    const text = ctx.msg.text.replace(mention, ' ').trim()
    const r = await runner.answer(ctx.actor, room, text, ctx.msg.mentionSelf || named)
    if (!r.taken) return next()
    ctx.outcome = 'quiz:answer'
    if (r.reply) await ctx.reply(r.reply)
  }
}
