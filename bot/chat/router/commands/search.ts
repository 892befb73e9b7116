import { articleLabel, excerptPassage } from '../../../../rag/index.js'
import { renderBlocks } from '../../render.js'
import { UserError } from '../../../errors.js'
import type { Handler } from '../compose.js'
import type { RouterDeps } from '../deps.js'

/** /搜 <关键词>: the best articles and passages, one line each, numbered for /原文. */
export const search = (d: RouterDeps, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:搜'
  const q = args.trim()
  if (!q) throw new UserError('请在“/搜”后写关键词，例如：/搜 谈话函询')
  const r = await d.retriever.search(q, { k: 5 })
  const hits = r.hits.slice(0, 6)
  if (!hits.length || r.confidence < 0.1) {
    await ctx.reply(`没有找到与“${q.slice(0, 20)}”相关的条文或材料。`)
    return
  }
  const citations = hits.map((h, i) => ({
    n: i + 1,
    id: h.id,
    title: h.source.title,
    label: h.unit.kind === 'article' ? articleLabel(h.unit.article as number) : '',
  }))
  const lines = hits.map((h, i) => {
    const snippet = (h.unit.kind === 'article' ? h.unit.text.replace(/^第[^条]{1,8}条\s*/, '') : excerptPassage(h, q, 60)).replace(/\s+/g, ' ').slice(0, 60)
    const mark = h.unit.kind === 'article' && h.source.status !== '现行有效' ? `（${h.source.status}）` : ''
    return `${i + 1}. ${h.unit.breadcrumb}${mark}：${snippet}${snippet.length >= 60 ? '……' : ''}`
  })
  d.sessions.set(ctx.chatKey, ctx.personKey, q, citations)
  d.sessions.answered(ctx.msg.id, citations.map((c) => c.id))
  await ctx.reply(renderBlocks([{ kind: 'heading', text: `“${q.slice(0, 20)}”的检索结果：` }, ...lines.map((text) => ({ kind: 'line' as const, text })), { kind: 'line', text: '发送“/原文 编号”查看全文。' }]))
}

