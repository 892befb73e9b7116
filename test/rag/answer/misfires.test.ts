/**
 * The misfires issue 11 named, on the shared corpus (../shared/corpus, skipped with a message when
 * it is absent): each question with what must come first, and why.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openKnowledge } from '../../../bot/app.js'
import { loadConfig } from '../../../bot/config.js'
import { ROOT, tempDir } from '../../helpers/kb.js'

const CORPUS = join(ROOT, '..', 'shared', 'corpus')
const hasShared = existsSync(join(CORPUS, 'regulations'))
if (!hasShared) console.warn(`[misfires] ${CORPUS} not found: skipped`)

let kb: Awaited<ReturnType<typeof openKnowledge>>
beforeAll(async () => {
  if (!hasShared) return
  kb = await openKnowledge(loadConfig({ JJZS_DATA_DIR: tempDir() }), { corpus: [CORPUS] })
}, 180_000)

const firstArticle = async (q: string) => (await kb.retriever.retrieve(q, { filter: { kinds: ['article'] } }))[0]?.id

describe.runIf(hasShared)('misfires named in issue 11, on the shared corpus', () => {
  it('answers two packs of cigarettes from a managed party with the article on gifts, not on borrowing', async () => {
    // 第九十七条 (收受礼品礼金) settles it; 第九十九条 (借用管理和服务对象的钱款) only shares 管理对象.
    expect(await firstArticle('收了管理对象两条烟怎么处理')).toBe('jilv-chufen-tiaoli-2023#97')
  })

  it('answers "in which situations" with the article that lists them, not the one on who decides', async () => {
    // 问责条例 第六条 lists the situations; 第八条 says who makes the decision.
    expect(await firstArticle('哪些情形要对领导干部问责？')).toBe('wenze-tiaoli-2016#6')
  })

  it('answers a time-limit question on 留置 with its three months in the first line, not another measure\'s card', async () => {
    const a = await kb.answerer.answer('留置时间最长多久？')
    expect(a.text.split('\n')[0]).toMatch(/留置.*(3个月|三个月)/)
    expect(a.text).not.toMatch(/【办事指引】(管护|责令候查)/)
  })

  it('says that the texts set no time limit for 初步核实 instead of showing the 管护 card (issue 20)', async () => {
    const a = await kb.answerer.answer('初步核实一般要多长时间？')
    expect(a.kind).toBe('no-basis')
    expect(a.kind === 'no-basis' && a.missing).toMatch(/没有找到“初步核实”的期限规定/)
    expect(a.text).not.toMatch(/管护/)
  })

  it('quotes only the article asked for by number, and its other version', async () => {
    const a = await kb.answerer.answer('监察法第四十八条')
    expect(a.citations.map((c) => c.id).every((id) => /^jianchafa-20(18|24)#/.test(id))).toBe(true)
    expect(a.citations[0]?.id).toBe('jianchafa-2024#48')
  })

  it('answers a non-party public servant with the 政务处分法 article', async () => {
    // The behaviour's words match the 条例's article on gifts; the person is not a party member.
    expect(await firstArticle('非党员的科员收了管理对象送的购物卡，政务处分按哪条？')).toBe('zhengwu-chufen-fa-2020#34')
  })

  it('refuses who holds an office and small talk, whatever words they share with the library', async () => {
    expect((await kb.answerer.answer('现任县纪委书记是谁？')).kind).toBe('no-basis')
    expect((await kb.answerer.answer('给我讲个笑话')).kind).toBe('no-basis')
  })

  it('states a 定性参考 line when the ranking and the behaviour catalogue agree, and names both articles to check when they do not', async () => {
    const sure = (await kb.answerer.answer('科长收了辖区老板送的两瓶茅台，算违纪吗？')).text.split('\n')[0] as string
    expect(sure).toMatch(/^定性参考：.*第九十七条/)
    const unsure = (await kb.answerer.answer('党员干部在网上发帖编造谣言丑化党的形象，按哪条处理？')).text.split('\n')[0] as string
    expect(unsure).toMatch(/^定性参考（两条都可能，请对照案情核对）：/)
    expect(unsure).toMatch(/第五十九条.*或第五十一条|第五十一条.*或第五十九条/)
  })
})
