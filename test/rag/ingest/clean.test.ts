import { describe, expect, it } from 'vitest'
import {
  cleanDocument,
  dropRepeatedParagraphs,
  htmlToText,
  parseFrontMatter,
  rejoinBrokenLines,
  stripBoilerplate,
} from '../../../rag/ingest/clean.js'

describe('document cleaning', () => {
  it('reads YAML front matter as metadata', () => {
    const r = parseFrontMatter("---\ntitle: '示例标题_副题_'\ncategories:\n - 廉政\n - 纪检\ndate: 2022-01-04\n---\n正文")
    expect(r.meta).toMatchObject({ title: '示例标题_副题_', categories: '廉政,纪检', date: '2022-01-04' })
    expect(r.body).toBe('正文')
  })

  it('reads flow lists, multi-line values and comments in the front matter without losing any', () => {
    const r = parseFrontMatter('---\n# 来源于县纪委网站\ntitle: 示例通报 # 行尾注释\ntags: [廉政, 纪检]\nsummary: |\n  第一行。\n  第二行。\nissuer:\n  name: 县纪委\n---\n正文')
    expect(r.meta).toMatchObject({ title: '示例通报', tags: '廉政,纪检', summary: '第一行。\n第二行。', 'issuer.name': '县纪委' })
    expect(r.lists.tags).toEqual(['廉政', '纪检'])
    expect(r.meta).not.toHaveProperty('# 来源于县纪委网站')
  })

  it('reads a front matter YAML cannot parse line by line instead of dropping it', () => {
    const r = parseFrontMatter('---\ntitle: 关于某事: 通报\ndate: 2022-01-04\n---\n正文')
    expect(r.meta).toMatchObject({ title: '关于某事: 通报', date: '2022-01-04' })
    expect(r.body).toBe('正文')
  })

  it('turns HTML into lines and drops navigation, share, QR-code and editor blocks', () => {
    const t = htmlToText('<div class="nav">首页</div><p>第一段。</p><p>第二段。</p><div class="appendQr_wrap">扫码下载</div><p class="article-editor">责任编辑：张三</p><script>x()</script>')
    expect(t).toContain('第一段。')
    expect(t).toContain('第二段。')
    expect(t).not.toMatch(/首页|扫码|责任编辑|x\(\)/)
  })

  it('removes site chrome lines and keeps 来源/发布时间/作者 as metadata', () => {
    const r = stripBoilerplate(['当前位置:首页 > 工作动态', '发布时间:2021-07-24    来源: 示例省纪委监委网站    作者:佚名', '正文第一段，说明情况。', '扫一扫,用微信浏览', '责任编辑:某某', '京ICP备00000000号  版权所有 示例网'].join('\n'))
    expect(r.meta).toEqual({ date: '2021-07-24', source: '示例省纪委监委网站', author: '佚名' })
    expect(r.body.trim()).toBe('正文第一段，说明情况。')
  })

  it('keeps a text repeated twice in one file once', () => {
    const body = ['标题', '一、第一部分', '这是第一段很长的正文内容，讲述线索处置的做法。', '这是第二段很长的正文内容，讲述谈话函询的做法。']
    const r = dropRepeatedParagraphs([...body, ...body.slice(1)].join('\n'))
    expect(r.split('\n')).toEqual(body)
  })

  it('rejoins a word broken across lines by newspaper layout', () => {
    const r = rejoinBrokenLines('过去，很多乡镇没有谈话室，有些偏远乡镇通\n\n知谈话对象要走很远的路。\n\n小标题\n正文另起一段。')
    expect(r).toBe('过去，很多乡镇没有谈话室，有些偏远乡镇通知谈话对象要走很远的路。\n小标题\n正文另起一段。')
  })

  it('does not glue a title to the first paragraph', () => {
    expect(rejoinBrokenLines('某市纪委监委深化政治巡察监督机制 推动从严治党走向严紧硬\n2014年以来，该区建立巡察机制。')).toContain('\n')
  })

  it('cleans a whole seed-like page in one go', () => {
    const raw = "---\ntitle: '示例县纪委规范线索处置'\n---\n<div><p>　　来源：示例县纪委监委网站</p><p>　　示例县纪委监委规范线索处置流程，明确五个工作日内登记。</p><!-- 文末二维码 start --><p class=\"article-editor\">责任编辑：某某</p></div>"
    const r = cleanDocument(raw)
    expect(r.meta.title).toBe('示例县纪委规范线索处置')
    expect(r.meta.source).toBe('示例县纪委监委网站')
    expect(r.body).toBe('示例县纪委监委规范线索处置流程，明确五个工作日内登记。')
  })
})
