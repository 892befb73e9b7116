/**
 * Parallel provisions across sanction systems: the correspondence table (its shape and coverage
 * against the shared texts), the pure carry-over of evidence, and the retriever putting the
 * public-servant article first for a non-party public servant.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HybridRetriever } from '../../../rag/rank/retriever.js'
import { Parallels, carryOver } from '../../../rag/rank/parallels.js'
import { BehaviourCatalogue } from '../../../rag/data/behaviours.js'
import { ExtractiveAnswerer } from '../../../rag/answer/answerer.js'
import { loadSynonyms } from '../../../rag/query/expand.js'
import { syncIndex } from '../../../rag/index/index-store.js'
import { ROOT, REGS, RULES, copyKb, deps, tempDir } from '../../helpers/kb.js'
import { parseChineseNumber } from '../../../rag/text/numerals.js'

const SHARED_REGS = join(ROOT, '..', 'shared', 'corpus', 'regulations')
const hasShared = existsSync(SHARED_REGS)

/** Article numbers of a shared text (articles start a line with 第X条), and where 第二编 starts and ends. */
function articleNumbers(stem: string): { all: Set<number>; part2: number[] } {
  const text = readFileSync(join(SHARED_REGS, `${stem}.md`), 'utf8')
  const cn = (x: string) => parseChineseNumber(x) as number
  const all = new Set<number>()
  const part2: number[] = []
  let inPart2 = false
  for (const line of text.split('\n')) {
    if (/第二编/.test(line) && !/^第.+条/.test(line)) inPart2 = true
    else if (/第三编/.test(line) && !/^第.+条/.test(line)) inPart2 = false
    const m = /^第([一二三四五六七八九十百零两]+)条/.exec(line)
    if (m) {
      all.add(cn(m[1] as string))
      if (inPart2) part2.push(cn(m[1] as string))
    }
  }
  return { all, part2 }
}

describe('correspondence table', () => {
  const p = Parallels.load(join(REGS, 'correspondence'))

  it('names the file when a table is not JSON or does not fit the schema', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'broken.json'), '{not json')
    expect(() => Parallels.load(dir)).toThrow(/条文对应表 broken\.json 不是有效的 JSON/)
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ from: 'x', to: { zhengwu: 'a', guoqi: 'b' }, pairs: [{ article: -1, why: '' }] }))
    // Every issue is reported with its path, not only the first.
    expect(() => Parallels.load(dir)).toThrow(/条文对应表 broken\.json 格式错误（2 处）：\n  pairs\.0\.article：[^\n]+\n  pairs\.0\.why：/)
  })

  it('names the systems of the table by key, so that swapping two entries cannot mislabel the pairs', () => {
    const dir = tempDir()
    // The old positional list is refused with the reason, not read in some order.
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ from: 'x', to: ['a', 'b'], pairs: [] }))
    expect(() => Parallels.load(dir)).toThrow(/条文对应表 old\.json 格式错误[\s\S]*to：/)
    const swapped = new Parallels([{ from: 'x', to: { guoqi: 'soe', zhengwu: 'gov' }, pairs: [{ article: 1, zhengwu: [2], guoqi: [3], why: '示例' }] }])
    expect(swapped.of('x#1', 'zhengwu')).toEqual(['gov#2'])
    expect(swapped.of('x#1', 'guoqi')).toEqual(['soe#3'])
  })

  it('refuses an article listed twice instead of keeping the last', () => {
    const pair = { article: 1, zhengwu: [2], guoqi: [], why: '示例' }
    expect(() => new Parallels([{ from: 'x', to: { zhengwu: 'gov', guoqi: 'soe' }, pairs: [pair, { ...pair, zhengwu: [9] }] }])).toThrow(/条文对应表中有重复的条文：x#1（x pairs\.0、x pairs\.1）/)
  })

  it('loads and names the 政务处分法 article for the gift article', () => {
    expect(p.of('jilv-chufen-tiaoli-2023#97', 'zhengwu')).toEqual(['zhengwu-chufen-fa-2020#34'])
    expect(p.of('jilv-chufen-tiaoli-2023#1', 'zhengwu')).toEqual([])
  })

  it.runIf(hasShared)('has an entry for every article of the 条例 第二编, and names only articles that exist', () => {
    const tiaoli = articleNumbers('jilv-chufen-tiaoli-2023')
    const zhengwu = articleNumbers('zhengwu-chufen-fa-2020').all
    const guoqi = articleNumbers('guoqi-guanli-renyuan-chufen-tiaoli-2024').all
    expect(tiaoli.part2.length).toBeGreaterThan(100)
    const missing = tiaoli.part2.filter((n) => !p.sources().includes(`jilv-chufen-tiaoli-2023#${n}`))
    expect(missing).toEqual([])
    for (const id of p.sources()) {
      for (const z of p.of(id, 'zhengwu')) expect(zhengwu.has(Number(z.split('#')[1])), `${id} → ${z}`).toBe(true)
      for (const g of p.of(id, 'guoqi')) expect(guoqi.has(Number(g.split('#')[1])), `${id} → ${g}`).toBe(true)
    }
  })
})

describe('carryOver', () => {
  const list = [
    { idx: 1, score: 1, via: ['bm25'] },
    { idx: 2, score: 0.8, via: ['bm25'] },
    { idx: 9, score: 0.1, via: ['bm25'] },
  ]

  it('puts a parallel right above the article whose behaviour it shares when it leads', () => {
    // 2 (a 条例 article) parallels 9 (its 政务处分法 article): for a public servant 9 takes 2's place.
    const out = carryOver(list, (i) => (i === 2 ? [9] : []), 1.02)
    expect(out.map((x) => x.idx)).toEqual([1, 9, 2])
    expect(out.find((x) => x.idx === 9)?.via).toContain('parallel')
  })

  it('puts it after the article when it only follows, and brings in a parallel not retrieved at all', () => {
    // 7 was not retrieved: it enters at half the score of the article it parallels.
    const out = carryOver(list, (i) => (i === 1 ? [7] : []), 0.5)
    expect(out.map((x) => x.idx)).toEqual([1, 2, 7, 9])
  })

  it('changes nothing at 0', () => {
    expect(carryOver(list, () => [9], 0)).toBe(list)
  })
})

/**
 * The fixture knowledge base plus a small public-servant sanctions text written for these tests
 * (its 第3条 lists several acts in one sentence), a correspondence table pairing the fixture
 * 处分办法's 第4条 (borrowing) with it and listing 第5条 (gifts) with no parallel, and a retriever.
 */
async function withPublicServantText(items: string[], behaviours?: BehaviourCatalogue) {
  const kb = copyKb()
  writeFileSync(
    join(kb, 'regulations', 'shili-gongzhi-banfa.md'),
    ['# 示例公职人员处分办法', '', '第1条 为规范公职人员处分，制定本办法。', '', '第2条 处分由任免机关作出。', '', `第3条 有下列行为之一的，予以警告或者记过：${items.map((x, i) => `（${'一二三四五'[i]}）${x}的`).join('；')}。`, ''].join('\n'),
  )
  const d = deps()
  const { index } = await syncIndex(join(tempDir(), 'index'), [kb], d)
  const parallels = new Parallels([{ from: 'shili-chufen-banfa', to: { zhengwu: 'shili-gongzhi-banfa', guoqi: 'none' }, pairs: [{ article: 4, zhengwu: [3], guoqi: [], why: '借用管理对象钱物' }, { article: 5, zhengwu: [], guoqi: [], why: '党内才有的行为' }] }])
  return new HybridRetriever({ index, tokenizer: d.tokenizer, embeddings: d.embeddings, catalog: d.catalog, synonyms: loadSynonyms(join(REGS, 'synonyms.json')), parallels, ...(behaviours ? { behaviours } : {}), today: () => '2026-11-21' })
}

describe('the verdict with parallels', () => {
  it('names the parallel from the table, and for a party-internal behaviour says there is none instead of guessing', async () => {
    // 第5条 (gifts) is listed with no parallel on purpose: the verdict must not borrow 第3条, which was retrieved.
    const behaviours = new BehaviourCatalogue([
      { regulation: 'shili-chufen-banfa', articles: [4, 5].map((article) => ({ article, kind: 'violation' as const, subject: article === 4 ? '借用管理对象钱物' : '收受礼品礼金', says: ['示例说法一', '示例说法二', '示例说法三'], terms: [] })) },
      { regulation: 'shili-gongzhi-banfa', articles: [{ article: 3, kind: 'violation' as const, subject: '公职人员违法行为', says: ['示例说法一', '示例说法二', '示例说法三'], terms: [] }] },
    ])
    const r = await withPublicServantText(['违规兼职', '借用他人财物', '接受宴请'], behaviours)
    const answerer = new ExtractiveAnswerer(r, { rules: RULES, behaviours })
    const party = await answerer.answer('党员科员借用管理服务对象的车辆一直不还，按哪条定性？')
    expect(party.kind === 'answer' && party.verdict).toMatch(/定性参考：.*第4条|定性参考：.*第四条/)
    expect(party.kind === 'answer' && party.verdict).toMatch(/非党员公职人员：对应《示例公职人员处分办法》第三条/)
    const gifts = await answerer.answer('非党员的科员逢年过节收礼品礼金，情节较重，按哪条定性？')
    expect(gifts.kind === 'answer' && gifts.verdict).toMatch(/第五条/)
    expect(gifts.kind === 'answer' && gifts.verdict).not.toMatch(/对应《示例公职人员处分办法》/)
    expect(gifts.kind === 'answer' && gifts.verdict).toMatch(/只适用于党员.*没有与此对应的条文/)
  })
})

describe('retriever with parallels', () => {
  it('answers a non-party public servant with the public-servant article, a party member with the 条例 article', async () => {
    // 第3条 lists borrowing among many acts, so its words match the question poorly; the 处分办法's
    // 第4条 is about borrowing alone.
    const r = await withPublicServantText(['违规兼职', '借用他人财物', '违规发放补贴', '接受宴请'])
    const top = async (q: string) => (await r.retrieve(q, { filter: { kinds: ['article'] } })).map((h) => h.id)
    const gov = await top('非党员科员借用管理服务对象的车辆一直不还，政务处分按哪条？')
    expect(gov[0]).toBe('shili-gongzhi-banfa#3')
    expect(gov.slice(0, 3)).toContain('shili-chufen-banfa#4')
    const party = await top('党员科员借用管理服务对象的车辆一直不还，按哪条处理？')
    expect(party[0]).toBe('shili-chufen-banfa#4')
    expect(r.parallelsOf('shili-chufen-banfa#4')).toEqual({ zhengwu: ['shili-gongzhi-banfa#3'], guoqi: [] })
    expect(r.parallelsOf('shili-chufen-banfa#1')).toBeUndefined()
    // Without the carry-over the public-servant article does not lead: the table is what moves it.
    const off = (await r.retuned({ parallelLead: 0 }).retrieve('非党员科员借用管理服务对象的车辆一直不还，政务处分按哪条？', { filter: { kinds: ['article'] } })).map((h) => h.id)
    expect(off[0]).not.toBe('shili-gongzhi-banfa#3')
  })
})
