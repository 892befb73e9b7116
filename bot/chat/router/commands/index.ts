/**
 * Command dispatch: a message starting with / or ／ names a command (帮助, 条, 搜, 原文, 反馈, 期限,
 * 整改, 名册, 绑定, 我是谁, 测验, 练习, 培训, 转人工, and the experts' 待答, 答复, 驳回, 审核, 撤销);
 * anything else is a question.
 */
import { UserError } from '../../../errors.js'
import type { Handler } from '../compose.js'
import type { RouterDeps } from '../deps.js'
import { article } from './article.js'
import { deadline } from './deadline.js'
import { rectify } from './rectify.js'
import { ask, detail } from './ask.js'
import { feedback } from './feedback.js'
import { help } from './help.js'
import { original } from './original.js'
import { search } from './search.js'
import { bind, roster, whoAmI } from './roster.js'
import { quiz } from './quiz.js'
import { practice } from './practice.js'
import { training } from './training.js'
import { HUMAN_WORDS, answer, approve, dismiss, human, pending, withdraw } from './experts.js'

const COMMANDS: Record<string, (d: RouterDeps, args: string) => Handler> = {
  帮助: () => help(),
  help: () => help(),
  条: article,
  搜: search,
  原文: original,
  详: (d) => detail(d),
  反馈: feedback,
  期限: (d, args) => deadline(d.calendar, d.clock, args),
  整改: (d, args) => rectify(d.ledger, args),
  名册: roster,
  绑定: bind,
  我是谁: (d) => whoAmI(d),
  测验: (d, args) => quiz(d.quiz, args),
  练习: (d, args) => practice(d.practice, d.titleOf, args),
  培训: (d, args) => training(d.training, args),
  转人工: human,
  待答: (d) => pending(d),
  答复: answer,
  驳回: dismiss,
  审核: approve,
  撤销: withdraw,
}
const NAMES = Object.keys(COMMANDS).sort((a, b) => b.length - a.length)

export function parseCommand(text: string): { name: string; args: string } | undefined {
  const m = /^[/／]\s*([\s\S]*)$/.exec(text.trim())
  if (!m) return undefined
  const body = m[1] as string
  const name = NAMES.find((n) => body.toLowerCase().startsWith(n))
  if (!name) return { name: '', args: body }
  return { name, args: body.slice(name.length) }
}

export const commands = (d: RouterDeps): Handler => async (ctx, next) => {
  // "转人工" on its own is the command without the slash.
  if (HUMAN_WORDS.test(ctx.text.trim())) return human(d, '')(ctx, next)
  const c = parseCommand(ctx.text)
  if (!c) return next()
  if (!c.name) {
    ctx.outcome = 'command:unknown'
    throw new UserError('没有这个命令。可用命令：/帮助 /条 /搜 /原文 /反馈 /转人工 /期限 /整改 /测验 /练习 /培训 /我是谁（专家：/待答 /答复 /驳回 /审核 /撤销）')
  }
  await COMMANDS[c.name]!(d, c.args)(ctx, next)
}

export { ask }
