import { UserError } from '../../../errors.js'
import type { Handler } from '../compose.js'
import type { RouterDeps } from '../deps.js'
import { looksConfidential } from '../confidential.js'
import { toExperts } from './experts.js'

const UP_MARK = /^(👍🏻|👍|\+1)/u
const DOWN_MARK = /^(👎🏻|👎|-1)/u
// Words are read in the whole text, negatives first: "好像不准确" is a complaint, not praise.
const NEGATIVE = /不准|不对|不全|不好|不行|不相关|无关|没用|无用|有误|错误|错了|答错|不是这|不够|偏了|没答/
const POSITIVE = /^(好|很好|有用|有帮助|赞|对|准确|正确|谢谢|感谢|清楚|不错|可以|满意)[！!。.～~]*$/

export const FEEDBACK_USAGE = '请这样评价：/反馈 👍（有用），或 /反馈 👎 后面写上原因（例如：/反馈 👎 引用的条文不对）'

/** Reads a rating and a comment from "/反馈 …"; undefined when the rating is not clear. */
export function parseFeedback(args: string): { rating: 'up' | 'down'; comment: string } | undefined {
  const t = args.trim()
  if (UP_MARK.test(t)) return { rating: 'up', comment: t.replace(UP_MARK, '').trim() }
  if (DOWN_MARK.test(t)) return { rating: 'down', comment: t.replace(DOWN_MARK, '').trim() }
  if (NEGATIVE.test(t)) return { rating: 'down', comment: t }
  if (POSITIVE.test(t)) return { rating: 'up', comment: '' }
  return undefined
}

/** /反馈 👍|👎 [说明]: stored with hashed ids and the cited provisions, not the question. */
export const feedback = (d: RouterDeps, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:反馈'
  const f = parseFeedback(args)
  if (!f) throw new UserError(FEEDBACK_USAGE)
  const s = d.sessions.get(ctx.chatKey, ctx.personKey)
  await d.feedback.add({ chat: ctx.chatKey, person: ctx.personKey, rating: f.rating, comment: f.comment.slice(0, 500), citations: s?.citations.map((c) => c.id) ?? [], via: 'command' })
  if (f.rating === 'down' && ctx.msg.room) d.training?.markWrong(ctx.msg.room.id, ctx.personKey)
  // A 👎 on an answer sends its question to the experts.
  const queued = f.rating === 'down' && s ? toExperts(d, ctx, s.question, 'down', s.citations.map((c) => c.id)) : undefined
  await ctx.reply(f.rating === 'up' ? '收到，谢谢反馈！' : `收到，谢谢指出问题，我们会核查改进。${queued ? `\n${queued}` : ''}`)
}

/**
 * A 👍/👎 the chat system collected under one of the bot's answers (WeCom's rating buttons): stored
 * like /反馈, with the provisions that answer cited (remembered for a few days by message id, in
 * memory: after a restart the rating is kept without them). A comment that looks like case details
 * (a name with case words) is not stored, as such a message would not be answered in a group. In a
 * training session the rated answer's question is marked (or unmarked). Nothing is posted: the
 * person clicked a button, the chat already shows it; a failure to store is logged, not apologised for.
 */
export const ratingEvents = (d: RouterDeps): Handler => async (ctx, next) => {
  const r = ctx.msg.rating
  if (ctx.msg.kind !== 'rating' || !r) return next()
  ctx.outcome = `rating:${r.rating}`
  const citations = d.sessions.answerTo(r.answerTo)
  const confidential = looksConfidential(r.comment)
  try {
    await d.feedback.add({ chat: ctx.chatKey, person: ctx.personKey, rating: r.rating, comment: confidential ? '' : r.comment.slice(0, 500), citations: citations ?? [], via: 'button', answer: r.answerTo, reasons: r.reasons.slice(0, 10) })
  } catch (e) {
    ctx.outcome = 'error:rating'
    ctx.log.error({ err: { name: (e as Error).name, code: (e as NodeJS.ErrnoException).code } }, 'rating not stored')
    return
  }
  if (ctx.msg.room) d.training?.markAnswer(ctx.msg.room.id, r.answerTo, r.rating === 'down')
  // A 👎 button under the person's latest answer sends that question to the experts (nothing is posted: the notice comes in private when answered).
  const s = r.rating === 'down' ? d.sessions.get(ctx.chatKey, ctx.personKey) : undefined
  if (s && citations && s.citations.map((c) => c.id).join() === citations.join()) {
    try {
      toExperts(d, ctx, s.question, 'down', citations)
    } catch (e) {
      ctx.log.warn({ err: { name: (e as Error).name } }, 'rating not queued for experts')
    }
  }
  ctx.log.debug({ remembered: citations !== undefined, commentDropped: !!confidential }, 'rating stored')
}
