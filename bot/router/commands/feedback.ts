import { UserError } from '../../errors.js'
import type { Handler } from '../compose.js'
import type { RouterDeps } from '../deps.js'

const UP = /^(👍|👍🏻|好|有用|赞|对|准确|\+1)/u
const DOWN = /^(👎|👎🏻|不好|没用|无用|错|不对|不准确|-1)/u

/** /反馈 👍|👎 [说明]: stored with hashed ids and the cited provisions, not the question. */
export const feedback = (d: RouterDeps, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:反馈'
  const t = args.trim()
  const rating = UP.test(t) ? 'up' : DOWN.test(t) ? 'down' : undefined
  if (!rating) throw new UserError('请这样评价：/反馈 👍，或 /反馈 👎 后面写上原因')
  const comment = t.replace(rating === 'up' ? UP : DOWN, '').trim().slice(0, 500)
  const s = d.sessions.get(ctx.chatKey, ctx.personKey)
  await d.feedback.add({ chat: ctx.chatKey, person: ctx.personKey, rating, comment, citations: s?.citations.map((c) => c.id) ?? [] })
  await ctx.reply(rating === 'up' ? '收到，谢谢反馈！' : '收到，谢谢指出问题，我们会核查改进。')
}
