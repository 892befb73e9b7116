import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { escapeMarkdown } from '../../../bot/chat/channels/markdown.js'
import { forFormat, hintLine, markdownOf, renderAnswer, renderBlocks, renderDetail } from '../../../bot/chat/render.js'
import { ExtractiveAnswerer } from '../../../rag/answer/answerer.js'
import { BehaviourCatalogue } from '../../../rag/data/behaviours.js'
import { plainText } from '../../../rag/answer/blocks.js'
import { HybridRetriever } from '../../../rag/rank/retriever.js'
import type { Answer } from '../../../rag/types.js'
import { REGS, RULES, fixtureKnowledge } from '../../helpers/kb.js'

// Real answers, from the fixture knowledge base and the built-in handbook (not hand-written text).
let verdict: Answer
let card: Answer
let none: Answer
beforeAll(async () => {
  const kb = await fixtureKnowledge()
  const d = kb.deps
  const behaviours = new BehaviourCatalogue([{ regulation: 'shili-chufen-banfa', articles: [{ article: 5, kind: 'violation', subject: '收受礼品礼金', says: ['收了购物卡'], terms: ['购物卡'] }] }])
  const retriever = new HybridRetriever({ index: kb.index, tokenizer: d.tokenizer, embeddings: d.embeddings, catalog: d.catalog, synonyms: new Map(), behaviours, today: () => '2026-11-21' })
  const answerer = new ExtractiveAnswerer(retriever, { rules: RULES, behaviours })
  verdict = await answerer.answer('收了下属送的购物卡算不算违纪，给什么处分？')
  none = await answerer.answer('明天天气怎么样')
  const handbook = await fixtureKnowledge(join(REGS, 'handbook'))
  card = await handbook.answerer.answer('函询的回复要在几天内交上来？')
})

describe('rendering real answers per channel', () => {
  it('plain text is the answer\'s own text with the bot\'s hint line under it', () => {
    for (const a of [verdict, card, none]) {
      const r = renderAnswer(a)
      expect(r.text.startsWith(a.text)).toBe(true)
      expect(a.text).toBe(plainText(a.blocks))
      if (a.hints?.length) expect(r.text.endsWith(hintLine(a.hints))).toBe(true)
    }
    expect(renderAnswer(none).text).toMatch(/也可以用“\/条 监察法 48”查具体条文。$/)
  })

  it('WeCom Markdown: the verdict in bold, citations as a list, hints in italics', () => {
    expect(verdict.kind).toBe('answer')
    const md = renderAnswer(verdict).markdown
    expect(md.split('\n')[0]).toMatch(/^\*\*定性参考：.*适用《示例单位纪律处分办法》第五条.*\*\*$/)
    const cites = md.split('\n').filter((l) => l.startsWith('- ['))
    expect(cites.length).toBe(verdict.citations.filter((c) => verdict.text.includes(`[${c.n}] `)).length)
    expect(md).toMatch(/\n\*回复“\/详”看全部引文和实务材料/)
  })

  it('a procedure card: the card\'s title as a lead-in, its steps, the reminder offer, in both forms', () => {
    const r = renderAnswer(card)
    expect(r.text).toMatch(/“被函询人书面说明”期限15个工作日：私聊发送“\/期限 起算日期 15个工作日”/)
    expect(r.markdown).toContain('**【办事指引】函询怎么发、多久回复[1]**')
    expect(r.markdown).toMatch(/\n\*“被函询人书面说明”期限15个工作日：.*\*\n\*回复“\/详”/)
  })

  it('/详 renders the quotes as block quotes and the full citations under a heading', () => {
    const r = renderDetail(verdict)
    expect(r).toBeDefined()
    expect(r?.text).toBe(verdict.kind === 'answer' ? verdict.detail : '')
    expect(r?.markdown).toMatch(/\n> “.+”\[1\]/)
    expect(r?.markdown).toMatch(/\*\*引用\*\*\n- \[1\] 《示例单位纪律处分办法》第五条/)
    expect(renderDetail(none)).toBeUndefined()
  })

  it('corpus and user text cannot format a Markdown message: links, emphasis, headings, tags, lists', () => {
    const hostile = '**注意**请点[这里](http://x.test) <font color="warning">红字</font>\n# 标题\n- 列表\n1. 编号 `代码` _斜_ ~删~ |表|'
    const md = markdownOf([{ kind: 'quote', label: '《示例》第一条', text: hostile, n: 1 }, { kind: 'lead', text: hostile }])
    expect(md).not.toMatch(/\*\*注意|\]\(|<font|\n# |\n- 列表|\n1\. |`|_斜_|~删~/)
    // Every line of a quote stays inside the quote.
    expect(md.split('\n').slice(1, 5).every((l) => l.startsWith('> '))).toBe(true)
    // The citation numbers answers use read as they are.
    expect(escapeMarkdown('书面说明[1]')).toBe('书面说明[1]')
    expect(escapeMarkdown('第*1*项 #2 [链接](x) <font>')).toBe('第＊1＊项 ＃2 [链接］(x) ＜font＞')
  })

  it('a reply is plain for plain channels and Markdown only where the channel shows Markdown', () => {
    const r = renderBlocks([{ kind: 'heading', text: '检索结果：' }, { kind: 'line', text: '1. 第*二*条' }])
    expect(forFormat(r, 'text')).toEqual({ text: '检索结果：\n1. 第*二*条', markdown: false })
    expect(forFormat(r, 'markdown')).toEqual({ text: '**检索结果**\n1． 第＊二＊条', markdown: true })
    // A plain string stays plain: the Markdown channel escapes it when it sends.
    expect(forFormat('第*二*条', 'markdown')).toEqual({ text: '第*二*条', markdown: false })
  })
})
