import { UserError } from '../../../errors.js'
import type { Handler } from '../compose.js'
import type { RouterDeps } from '../deps.js'
import { renderBlocks } from '../../render.js'

/** /原文 N: the full text of citation N of the last answer or search. */
export const original = (d: RouterDeps, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:原文'
  const s = d.sessions.get(ctx.chatKey, ctx.personKey)
  if (!s || !s.citations.length) throw new UserError('没有可查看的上一条答复。请先提问或检索，再发送“/原文 编号”。')
  const n = Number(args.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)))
  const c = s.citations.find((x) => x.n === n)
  if (!Number.isInteger(n) || !c) throw new UserError(`请写引用编号，例如：/原文 1（上一条答复共有 ${s.citations.length} 个引用）`)
  const i = d.library.byId.get(c.id)
  if (i === undefined) throw new UserError('该引用的原文已不在知识库中（知识库可能已更新），请重新提问。')
  const u = d.library.units[i]!
  const src = d.library.source(u)
  const status = src.kind === 'regulation' ? `（${src.version ? `${src.version}，` : ''}${src.status}）` : ''
  await ctx.reply(renderBlocks([{ kind: 'heading', text: `${u.breadcrumb}${status}` }, { kind: 'line', text: u.text }]))
}
