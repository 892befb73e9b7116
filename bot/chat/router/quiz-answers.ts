/**
 * While a quiz runs in a room, members answer without @-mentioning the bot: this guard sits before
 * the mention gate and takes the messages that read as answers to the open question. Everything
 * else (commands, questions to the bot, chat) passes on unchanged. In private chat, a reply during a
 * practice round (/练习) is taken the same way.
 */
import type { PracticeBook } from '../../office/quiz/practice.js'
import type { QuizRunner } from '../../office/quiz/runner.js'
import type { Handler } from './compose.js'
import { mentionPattern } from './guards.js'

export const quizAnswers = (runner: QuizRunner | undefined, botName: string, practice?: PracticeBook): Handler => {
  const mention = mentionPattern(botName)
  return async (ctx, next) => {
    const room = ctx.msg.room
    if (/^\s*(@\S+\s*)?[/／]/.test(ctx.msg.text)) return next()
    // In private chat, a reply during a practice round is its answer.
    if (!room) {
      const reply = practice && ctx.actor.known && practice.hasRound(ctx.actor.key) ? practice.answer(ctx.actor.key, ctx.msg.text) : undefined
      if (reply === undefined) return next()
      ctx.outcome = 'practice:answer'
      await ctx.reply(reply)
      return
    }
    if (!runner) return next()
    const named = mention.test(ctx.msg.text)
    mention.lastIndex = 0
    const text = ctx.msg.text.replace(mention, ' ').trim()
    const r = await runner.answer(ctx.actor, room, text, ctx.msg.mentionSelf || named)
    if (!r.taken) return next()
    ctx.outcome = 'quiz:answer'
    if (r.reply) await ctx.reply(r.reply)
  }
}
