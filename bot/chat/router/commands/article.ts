import { NUMERAL_CHARS, parseChineseNumber } from '../../../../rag/index.js'
import { UserError } from '../../../errors.js'
import type { Handler } from '../compose.js'
import type { RouterDeps } from '../deps.js'
import { renderAnswer, renderDetail } from '../../render.js'

export const ARTICLE_USAGE = '请这样输入：/条 监察法 48（法规简称或全称，加条号；也可写“第四十八条”“第48条第2款”）'
const N = `[${NUMERAL_CHARS}]{1,7}`
const ARGS = new RegExp(`^([^\\s\\d第]{2,40}?)\\s*第?\\s*(${N})\\s*条?\\s*(?:第\\s*(${N})\\s*款)?$`)

/** /条 <法规> <条号>[第N款]: the article (or one 款) itself, with version and status; never a search. */
export const article = (d: RouterDeps, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:条'
  const m = ARGS.exec(args.trim().replace(/^《|》/g, ''))
  if (!m || !m[1]?.trim()) throw new UserError(ARTICLE_USAGE)
  const n = parseChineseNumber(m[2] as string)
  if (!n || n < 1 || n > 2000) throw new UserError(`条号“${(m[2] as string).slice(0, 7)}”无效。${ARTICLE_USAGE}`)
  const clause = m[3] ? parseChineseNumber(m[3]) : undefined
  const a = await d.answerer.lookupArticle(m[1].trim(), n, clause ?? undefined)
  d.sessions.set(ctx.chatKey, ctx.personKey, args, a.citations, renderDetail(a))
  d.sessions.answered(ctx.msg.id, a.citations.map((c) => c.id))
  await ctx.reply(renderAnswer(a))
}
