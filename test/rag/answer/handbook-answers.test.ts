import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { REGS, fixtureKnowledge } from '../../helpers/kb.js'

// Only the built-in handbook, as on a fresh machine.
let kb: Awaited<ReturnType<typeof fixtureKnowledge>>
beforeAll(async () => {
  kb = await fixtureKnowledge(join(REGS, 'handbook'))
})

describe('answers from the built-in handbook alone', () => {
  it('answers first with the card line that holds the time limit, then the card, the cited articles by name, and offers a reminder', async () => {
    const a = await kb.answerer.answer('函询的回复要在几天内交上来？')
    expect(a.kind).toBe('answer')
    const [first, second] = a.text.split('\n')
    expect(first).toMatch(/15个工作日/)
    expect(first).toMatch(/\[1\]$/)
    expect(second).toBe('【办事指引】函询怎么发、多久回复[1]')
    expect(a.kind === 'answer' && a.lead).toBe(first)
    expect(a.text).toMatch(/\[2\] 《纪律检查机关监督执纪工作规则》第二十九条（2019-01-01起施行，现行有效）（知识库未收录原文）/)
    expect(a.kind === 'answer' && a.detail).toMatch(/期限：被函询人书面说明，自收到函件后15个工作日\[2\]/)
    // rag/ writes no command syntax: the offer is data, the bot words it (bot/chat/render.ts).
    expect(a.text).not.toMatch(/\/整改|\/期限/)
    expect(a.kind === 'answer' && a.reminder).toEqual({ what: '被函询人书面说明', limit: '15个工作日' })
    expect(a.citations.map((c) => c.id)).toEqual(['hanxun-huifu-qixian@1', 'jiandu-zhiji-guize-2019#29'])
  })

  it('keeps a card\'s first message short: the answering line, the steps that fit, citations; the rest is in the detail', async () => {
    for (const q of ['留置的审批和期限是怎么规定的？', '函询的回复要在几天内交上来？', '线索处置有哪几种方式？']) {
      const a = await kb.answerer.answer(q)
      if (a.kind !== 'answer') throw new Error(`no answer for ${q}`)
      expect(a.text.split('\n').slice(0, 2).some((l) => l.startsWith('【办事指引】')), q).toBe(true)
      expect(a.text.length, q).toBeLessThanOrEqual(360)
      expect(a.hints).toContain('detail')
      expect((a.detail ?? '').length).toBeGreaterThanOrEqual(a.text.length - 40)
    }
  })

  it('answers with the card whose title names the asked subject, not a card that only cites the same article', async () => {
    // The 强制到案 and 责令候查 cards cite the article on counting 留置 days too; let them rank first
    // and the catalogue point at that shared article, as the full library's ranking does.
    const q = '留置最长多久？延长由谁批准？'
    const r = await kb.retriever.search(q, { k: 10 })
    const card = (key: string) => {
      const i = kb.retriever.unitsOf(key)[0]
      const h = r.hits.find((x) => x.source.key === key) ?? (i && kb.retriever.hitFor(kb.index.units.indexOf(i)))
      if (!h) throw new Error(`no card ${key}`)
      return h
    }
    const shared = 'jianchafa-2024#46'
    const hits = [card('qiangzhi-daoan'), card('zeling-houcha'), card('liuzhi-shenpi-qixian')].map((h, i) => ({ ...h, score: 0.02 - i * 0.001 }))
    const a = kb.answerer.compose(q, { ...r, hits, catalogue: [{ id: shared, score: 20, coverage: 0.5 }] })
    if (a.kind !== 'answer') throw new Error('no answer')
    expect(a.citations[0]?.title).toBe('留置的审批、期限和通知家属')
    expect(a.lead ?? '').toMatch(/三个月|3个月/)
  })

  it('says no-basis for questions outside the handbook', async () => {
    expect((await kb.answerer.answer('明天天气怎么样')).kind).toBe('no-basis')
  })

  it('names a superseded version as such', async () => {
    const a = await kb.answerer.answer('巡视反馈后多久要报整改情况')
    expect(a.text).toMatch(/《巡视工作条例》第二十六条（2015-08-03起施行，已被取代，现行为2024年修订版本）/)
    expect(a.text).toMatch(/另见：.*《巡视工作条例》第二十七条（已被取代）/)
  })
})

describe('first lines that answer, and no-basis replies that say what is missing (issue 20)', () => {
  it.each([
    ['函询材料交上来有没有时间要求？', /15个工作日/],
    ['收到问题线索以后，最晚多长时间要拿出处置意见？', /1个月/],
    ['采取留置以后多久通知家属？', /24小时/],
  ])('%s → the fact in the first line', async (q, fact) => {
    const a = await kb.answerer.answer(q)
    expect(a.kind).toBe('answer')
    expect(a.text.split('\n')[0]).toMatch(fact)
  })

  it('says which fact the texts do not state', async () => {
    const a = await kb.answerer.answer('留置点的伙食标准一天多少钱？')
    expect(a.kind).toBe('no-basis')
    expect(a.text.split('\n')[0]).toMatch(/^法规中没有规定“留置点的伙食标准”/)
  })
})
