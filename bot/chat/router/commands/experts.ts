/**
 * The expert queue in chat: /转人工 (or the words "转人工") sends the last question to the experts;
 * experts and admins use /待答, /答复 编号 内容, /驳回 编号 说明, /审核 F编号 and /撤销 F编号 in private chat.
 */
import { UserError } from '../../../errors.js'
import type { BotContext } from '../context.js'
import type { Handler } from '../compose.js'
import type { RouterDeps } from '../deps.js'
import { looksConfidential } from '../confidential.js'
import type { QueueReason } from '../../../office/experts/desk.js'

export const HUMAN_WORDS = /^(转人工|人工|找专家|问专家|转专家)[。.!！]?$/

const desk = (d: RouterDeps) => {
  if (!d.experts) throw new UserError('本助手没有开启专家答复。')
  return d.experts
}

/** The number in "#12", "12", "F3": undefined when there is none. */
const numberIn = (s: string, prefix: RegExp) => {
  const m = new RegExp(`^\\s*${prefix.source}?\\s*(\\d{1,9})(?:\\s+|$)`, 'i').exec(s)
  return m ? { n: Number(m[1]), rest: s.slice(m[0].length) } : undefined
}

/**
 * Queues the last question of this person in this chat, when the roster has experts and the
 * question holds no case details. Returns the line to add to the reply, or undefined.
 */
export function toExperts(d: RouterDeps, ctx: BotContext, question: string, reason: QueueReason, candidates: string[]): string | undefined {
  if (!d.experts || !d.roster.store.withRole('expert').length) return undefined
  if (looksConfidential(question)) return '问题含有案情细节，未转交专家；需要时请直接联系专家。'
  // The answer it follows still goes out when the queue refuses (full): the reason becomes the line.
  try {
    const { group } = d.experts.enqueue(ctx.actor, question, reason, candidates)
    return `已转给专家（编号 #${group}），答复后会私聊告诉你。`
  } catch (e) {
    if (e instanceof UserError) return e.message
    throw e
  }
}

/** /转人工 [说明]: the last question (or the text given) goes to the experts. */
export const human = (d: RouterDeps, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:转人工'
  desk(d)
  if (!d.roster.store.withRole('expert').length) throw new UserError('名册中还没有专家，无法转人工。请联系管理员在名册中设置“专家”角色。')
  const s = d.sessions.get(ctx.chatKey, ctx.personKey)
  const q = args.trim() || s?.question
  if (!q) throw new UserError('请先提问，再发送“转人工”；或写成“/转人工 问题内容”。')
  const line = toExperts(d, ctx, q, 'human', args.trim() ? [] : (s?.citations.map((c) => c.id) ?? []))
  await ctx.reply(line ?? '未能转交专家。')
}

export const pending = (d: RouterDeps): Handler => async (ctx) => {
  ctx.outcome = 'command:待答'
  await ctx.reply(desk(d).pendingText(ctx.actor, !ctx.msg.room))
}

export const answer = (d: RouterDeps, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:答复'
  const n = numberIn(args, /#/)
  if (!n) throw new UserError('请这样答复：/答复 编号 答复内容（编号见“/待答”，答复须引用至少一条条文）。')
  await ctx.reply(desk(d).answer(ctx.actor, n.n, n.rest, !ctx.msg.room))
}

export const dismiss = (d: RouterDeps, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:驳回'
  const n = numberIn(args, /#/)
  if (!n) throw new UserError('请这样处理：/驳回 编号 说明（编号见“/待答”）。')
  await ctx.reply(desk(d).dismiss(ctx.actor, n.n, n.rest, !ctx.msg.room))
}

export const approve = (d: RouterDeps, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:审核'
  const n = numberIn(args, /F/)
  if (!n) throw new UserError('请这样审核：/审核 F编号（编号见“/待答”）。')
  await ctx.reply(desk(d).approve(ctx.actor, n.n, !ctx.msg.room))
}

export const withdraw = (d: RouterDeps, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:撤销'
  const n = numberIn(args, /F/)
  if (!n) throw new UserError('请这样撤销：/撤销 F编号（编号见“/待答”）。')
  await ctx.reply(desk(d).withdraw(ctx.actor, n.n, !ctx.msg.room))
}
