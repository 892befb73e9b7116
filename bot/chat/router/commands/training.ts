/**
 * /培训 —— Q&A training sessions (see bot/office/quiz/training.ts): 开始 and 结束 in the room, 记录 in private.
 */
import { UserError } from '../../../errors.js'
import { trainingText } from '../../../office/quiz/report.js'
import { TRAINING_HELP, type TrainingLog } from '../../../office/quiz/training.js'
import { isAdmin } from '../../../office/roster/model.js'
import type { Handler } from '../compose.js'

export const training = (log: TrainingLog | undefined, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:培训'
  if (!log) throw new UserError('培训问答记录未启用。')
  const m = /^\s*(\S*)\s*([\s\S]*)$/.exec(args)
  const sub = m?.[1] ?? ''
  const rest = (m?.[2] ?? '').trim()
  switch (sub) {
    case '开始':
      await ctx.reply(log.start(ctx.actor, ctx.msg.room))
      return
    case '结束':
      await ctx.reply(log.end(ctx.actor, ctx.msg.room))
      return
    case '记录': {
      if (ctx.msg.room) throw new UserError('培训记录请私聊助手发送“/培训 记录”。')
      const id = rest ? Number(rest) : undefined
      if (id !== undefined && !(Number.isInteger(id) && id > 0)) throw new UserError('请这样输入：/培训 记录 [记录编号]，编号是正整数。')
      const s = id === undefined ? log.latestOf(ctx.actor) : log.get(id)
      if (!s || (s.trainerKey !== ctx.actor.key && !isAdmin(ctx.actor))) throw new UserError(id === undefined ? '您还没有开启过培训问答记录。' : `没有编号为 ${id} 的培训问答记录，或它不是您开启的。`)
      await ctx.reply(trainingText(log, s.id))
      return
    }
    case '':
    case '帮助':
      await ctx.reply(TRAINING_HELP)
      return
    default:
      throw new UserError(`没有“${sub.slice(0, 10)}”这个培训命令。\n${TRAINING_HELP}`)
  }
}
