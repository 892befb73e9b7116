import { NUMERAL_CHARS } from '../../../rag/ingest/numerals.js'
import { UserError } from '../../errors.js'
import type { Handler } from '../compose.js'
import type { RouterDeps } from '../deps.js'

export const ARTICLE_USAGE = '请这样输入：/条 监察法 48（法规简称或全称，加条号；也可写“第四十八条”）'
const ARGS = new RegExp(`^(.{1,40}?)\\s*第?\\s*([${NUMERAL_CHARS}]{1,7})\\s*条?$`)

/** /条 <法规> <条号>: the article itself, with version and status. */
export const article = (d: RouterDeps, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:条'
  const m = ARGS.exec(args.trim())
  if (!m || !m[1]?.trim()) throw new UserError(ARTICLE_USAGE)
  const a = await d.answerer.answer(`${m[1].trim()}第${m[2]}条`)
  d.sessions.set(ctx.chatKey, ctx.personKey, args, a.citations)
  await ctx.reply(a.text)
}
