import { UserError } from '../../../errors.js'
import type { Handler } from '../compose.js'
import type { RouterDeps } from '../deps.js'
import { withContext } from '../sessions.js'
import { type Rendered, renderAnswer, renderDetail } from '../../render.js'
import { WEAK_NOTE } from '../../../../rag/index.js'
import { toExperts } from './experts.js'
import { escapeMarkdown } from '../../channels/markdown.js'

/** A plain question: answered from the knowledge base, a short follow-up read with the previous one. */
export const ask = (d: RouterDeps): Handler => async (ctx) => {
  const text = ctx.text.trim()
  if (!text) throw new UserError('请在 @助手 后面写上问题，或发送“/帮助”查看用法。')
  const q = withContext(text, d.sessions.get(ctx.chatKey, ctx.personKey))
  const a = await d.answerer.answer(q, q === text ? {} : { focus: text })
  ctx.outcome = a.kind
  d.sessions.set(ctx.chatKey, ctx.personKey, q, a.citations, renderDetail(a))
  d.sessions.answered(ctx.msg.id, a.citations.map((c) => c.id))
  ctx.log.debug({ citations: a.citations.map((c) => c.id), followUp: q !== text }, 'answered')
  // During a Q&A training session (and only then) the question is recorded for the debrief.
  if (ctx.msg.room) d.training?.record(ctx.msg.room.id, ctx.actor, text, a.kind === 'no-basis' ? 'unanswered' : a.text.startsWith(WEAK_NOTE) ? 'weak' : 'answered', a.citations.map((c) => c.id), ctx.msg.id)
  // A question inside the field that the texts do not answer goes to the experts (not one outside it, nor a failed /条 lookup).
  const queued = a.kind === 'no-basis' && !a.outside && a.hints?.length ? toExperts(d, ctx, q, 'no-basis', []) : undefined
  const r = renderAnswer(a)
  await ctx.reply(queued ? withLine(r, queued) : r)
}

/** A rendered reply with one more plain line of the bot's own. */
export const withLine = (r: Rendered, line: string): Rendered => ({ text: `${r.text}\n${line}`, markdown: `${r.markdown}\n${escapeMarkdown(line)}` })

/** /详: the full previous answer (every quote and the practice passages). */
export const detail = (d: RouterDeps): Handler => async (ctx) => {
  ctx.outcome = 'command:详'
  const s = d.sessions.get(ctx.chatKey, ctx.personKey)
  if (!s) throw new UserError('请先提问，再发送“/详”查看完整答复。')
  await ctx.reply(s.detail ?? '上一条答复已是全部内容。可用“/原文 1”查看引用条文全文。')
}
