/**
 * /测验 —— quizzes in a room (see bot/office/quiz/runner.ts): 开始, 暂停, 继续, 结束. Trainers only.
 */
import { UserError } from '../../../errors.js'
import { QUIZ_HELP, type QuizRunner } from '../../../office/quiz/runner.js'
import type { Handler } from '../compose.js'

export const quiz = (runner: QuizRunner | undefined, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:测验'
  if (!runner) throw new UserError('测验功能未启用。')
  const m = /^\s*(\S*)\s*([\s\S]*)$/.exec(args)
  const sub = m?.[1] ?? ''
  const rest = m?.[2] ?? ''
  const room = ctx.msg.room
  switch (sub) {
    case '开始':
      return runner.start(ctx.actor, room, rest)
    case '暂停':
      return runner.pause(ctx.actor, room)
    case '继续':
    case '恢复':
      return runner.resume(ctx.actor, room)
    case '结束':
    case '停止':
      return runner.end(ctx.actor, room)
    case '报告': {
      if (room) throw new UserError('测验报告含成绩，请私聊助手发送“/测验 报告”。')
      const id = rest.trim() ? Number(rest.trim()) : undefined
      if (id !== undefined && !(Number.isInteger(id) && id > 0)) throw new UserError('请这样输入：/测验 报告 [测验编号]，编号是正整数。')
      await ctx.reply(runner.report(ctx.actor, id))
      return
    }
    case '':
    case '帮助':
      await ctx.reply(QUIZ_HELP)
      return
    default:
      throw new UserError(`没有“${sub.slice(0, 10)}”这个测验命令。\n${QUIZ_HELP}`)
  }
}
