/**
 * Cleaning of practice documents as they arrive from web pages, newspapers and PDFs: YAML front
 * matter, HTML, site boilerplate (navigation, footers, QR-code blocks, editor lines), a text
 * repeated twice, and words broken across lines by the page layout.
 *
 * Each step is a pure function of text so that tests can feed it one defect at a time.
 *
 * @example cleanDocument('---\ntitle: 标题\n---\n<p>正文。</p>').body // '正文。'
 */
import { load } from 'cheerio'
import { parse as parseYaml } from 'yaml'

export interface Extracted {
  /** Metadata lines found in the text (来源, 发布时间, 作者) or front matter. */
  meta: Record<string, string>
  /** List values of the front matter (questions, basis …). */
  lists: Record<string, string[]>
  body: string
  /** What was removed or repaired, for the ingest report. */
  fixes: string[]
}

/**
 * Reads a leading YAML front matter block with a YAML parser: flow lists (`tags: [廉政, 纪检]`),
 * multi-line values (`|`, `>`), quoted strings and comments. Scalars become text (dates stay as
 * written), lists give both `lists[key]` and `meta[key]` joined with commas, nested maps are
 * flattened as `parent.child`. A block YAML cannot parse (an unquoted "key: a: b") is read line by
 * line, so that nothing it holds is lost.
 */
export function parseFrontMatter(text: string): { meta: Record<string, string>; lists: Record<string, string[]>; body: string } {
  const m = /^\uFEFF?\s*---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text)
  if (!m) return { meta: {}, lists: {}, body: text }
  const body = text.slice(m[0].length)
  let doc: unknown
  try {
    // The core schema without timestamps: 2019-01-01 stays the text it was written as.
    doc = parseYaml(m[1] as string, { schema: 'core', uniqueKeys: false, maxAliasCount: 50 })
  } catch {
    return { ...lineFrontMatter(m[1] as string), body }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { ...lineFrontMatter(m[1] as string), body }
  const meta: Record<string, string> = {}
  const lists: Record<string, string[]> = {}
  const scalar = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v).trim())
  const put = (key: string, v: unknown) => {
    if (Array.isArray(v)) {
      lists[key] = v.map(scalar).filter(Boolean)
      meta[key] = lists[key].join(',')
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) put(`${key}.${k.toLowerCase()}`, x)
    } else meta[key] = scalar(v)
  }
  for (const [k, v] of Object.entries(doc)) put(k.toLowerCase(), v)
  return { meta, lists, body }
}

/** The line-by-line reading of a front matter block (`key: value` and `- item` lists). */
function lineFrontMatter(block: string): { meta: Record<string, string>; lists: Record<string, string[]> } {
  const meta: Record<string, string> = {}
  const lists: Record<string, string[]> = {}
  let listKey: string | undefined
  for (const line of block.split(/\r?\n/)) {
    if (/^\s*#/.test(line)) continue
    const item = /^\s*-\s+(.*)$/.exec(line)
    if (item && listKey) {
      const v = unquote(item[1] as string)
      meta[listKey] = [meta[listKey], v].filter(Boolean).join(',')
      ;(lists[listKey] ??= []).push(v)
      continue
    }
    const kv = /^([A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff-]*)\s*:\s*(.*)$/.exec(line)
    if (!kv) continue
    const key = (kv[1] as string).toLowerCase()
    const value = unquote((kv[2] as string).trim())
    listKey = value === '' ? key : undefined
    meta[key] = value
  }
  return { meta, lists }
}

function unquote(v: string): string {
  const t = v.trim()
  if ((t.startsWith("'") && t.endsWith("'")) || (t.startsWith('"') && t.endsWith('"'))) return t.slice(1, -1).replace(/''/g, "'")
  return t
}

export function looksLikeHtml(text: string): boolean {
  return /<(p|div|br|span|html|body|article|section|table|h[1-6])\b[^>]*>/i.test(text)
}

const NOISE_SELECTOR = [
  'script', 'style', 'noscript', 'iframe', 'nav', 'header', 'footer', 'form', 'button', 'svg', 'select', 'aside',
  '[class*="nav" i]', '[class*="menu" i]', '[class*="footer" i]', '[class*="share" i]', '[class*="qr" i]',
  '[class*="breadcrumb" i]', '[class*="sidebar" i]', '[class*="comment" i]', '[class*="editor" i]',
  '[class*="copyright" i]', '[class*="related" i]', '[id*="footer" i]', '[id*="nav" i]',
].join(',')

/** HTML to plain text with one line per block element; page chrome is dropped. */
export function htmlToText(html: string, meta?: Record<string, string>): string {
  const $ = load(html)
  const heading = $('h1').first().text().trim() || $('title').first().text().trim()
  if (meta && heading && !meta.title) meta.title = heading
  $('head').remove()
  $(NOISE_SELECTOR).remove()
  $('br').replaceWith('\n')
  $('p,div,li,h1,h2,h3,h4,h5,h6,tr,section,article,blockquote,pre,dd,dt').each((_, el) => {
    $(el).append('\n')
  })
  $('td,th').each((_, el) => {
    $(el).append(' ')
  })
  return $.root().text()
}

// Whole lines that are site chrome, newspaper mastheads or editor credits.
const BOILERPLATE: RegExp[] = [
  /^(当前位置|您的位置|所在位置)[:：]/,
  /^首页\s*[>＞]/,
  /扫一扫|用微信(浏览|扫描)|微信扫码|二维码|关注我们|关注公众号|下载客户端|尽在.{0,8}APP/i,
  /^(微信|微博|客户端|分享到?|打印|关闭(窗口)?|收藏|字号|【?字体[:：]?.*】?|大\s*中\s*小|返回顶部|上一篇|下一篇|相关阅读|相关新闻|推荐阅读|友情链接|合作单位|[|｜\s]*)$/,
  /^[|｜]?\s*(微信|微博)\s*[|｜]\s*(微信|微博)/,
  /^(责任)?编辑\s*[:：]|^[（(]\s*责任编辑[:：].*[)）]$|^□?\s*(主编|编辑|美编|校对|审核|统筹|监制)\s*[:：]/,
  /版权所有|ICP备|公网安备|互联网新闻信息服务许可证|违法和不良信息举报|举报中心/,
  /^(联系|监督|举报|新闻热线|服务)?电话\s*[:：]|^(投稿)?邮箱\s*[:：]|客服\s*QQ|通联\s*QQ|^第[一二三四五六七八九十]办公区/,
  /^原文链接\s*[:：]|^本站部分信息|^本网部分转载|对此不承担任何保证责任|请相关权利人联系/,
  /^欢迎访问.{0,20}[!！]?$/,
  /点击量\s*[:：]?\s*\d*\s*$|阅读量\s*[:：]|浏览次数\s*[:：]/,
  /(主办|主管|承办)[。.]?$/,
  /^.{0,16}记者\s*\S{2,4}$|^[（(]?\s*(通讯员|记者)\s*\S{2,4}\s*[）)]?$/,
  /[\w.-]+@[\w-]+\.[\w.]+/,
  /^[壹贰叁肆伍陆柒捌玖拾]$/,
  /^关注.{0,10}$|^.{0,12}(全媒体平台|客户端)$/,
  /^(星期|周)[一二三四五六日天]$/,
  /^\d{1,3}$/,
  /^\d{4}年\d{1,2}月\d{1,2}日$/,
  /^\s*(<!--.*-->)\s*$/,
]

// Footer lines that are chrome whatever their length.
const STRONG_BOILERPLATE = /版权所有|ICP备|公网安备|互联网新闻信息服务许可证|违法和不良信息举报|新闻热线|投稿邮箱|本网部分转载|本站部分信息/

// Metadata carried in lines of the article header.
const META_LINES: Array<[RegExp, string]> = [
  [/^(?:信息)?来源\s*[:：]\s*(.+?)\s*(?:\d{4}[-年/].*)?$/, 'source'],
  [/^(?:发布|发表|更新)(?:时间|日期)\s*[:：]\s*(\d{4}[-年/.]\d{1,2}[-月/.]\d{1,2}日?)/, 'date'],
  [/^作者\s*[:：]\s*(\S.*)$/, 'author'],
]

/** Removes site boilerplate lines and pulls 来源/发布时间/作者 into metadata. */
export function stripBoilerplate(text: string, fixes: string[] = []): Extracted {
  const meta: Record<string, string> = {}
  const out: string[] = []
  let removed = 0
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[\s\u3000\u00a0]+$/g, '').replace(/^[\s\u3000\u00a0]+/, '')
    if (!line) {
      out.push('')
      continue
    }
    // A header line may pack several fields: "发布时间:2021-07-24  来源: 湖北省纪委监委网站  作者:佚名".
    const fields = line.split(/\s{2,}|\u3000+|[|｜]\s*/).map((s) => s.trim()).filter(Boolean)
    let metaHit = false
    for (const f of fields) {
      for (const [re, key] of META_LINES) {
        const m = re.exec(f)
        if (m && !meta[key]) {
          meta[key] = (m[1] as string).trim()
          metaHit = true
        }
      }
    }
    if (metaHit && line.length < 120) {
      removed++
      continue
    }
    const bare = line.replace(/^[|｜□]+|[|｜]+$/g, '').trim()
    if (
      (line.length < 90 && BOILERPLATE.some((re) => re.test(bare))) ||
      (line.length < 240 && STRONG_BOILERPLATE.test(line) && !/[。；]/.test(line.replace(/[。.]$/, '')))
    ) {
      removed++
      continue
    }
    out.push(line)
  }
  if (removed) fixes.push(`去除版面杂项 ${removed} 行`)
  return { meta, lists: {}, body: out.join('\n'), fixes }
}

const TERMINAL = /[。！？!?；;：:”’」』）)…—]$/
const CJK_START = /^[\u4e00-\u9fff“‘（(《0-9a-zA-Z]/

/**
 * Rejoins paragraphs that the layout broke mid-sentence ("有些偏远乡镇通" / "知谈话对象…").
 * Short lines without end punctuation are kept as headings.
 */
export function rejoinBrokenLines(text: string, fixes: string[] = []): string {
  const paras = text.split(/\n+/).map((p) => p.trim()).filter(Boolean)
  const out: string[] = []
  let joined = 0
  for (const p of paras) {
    const prev = out[out.length - 1]
    if (
      prev !== undefined &&
      prev.length >= 16 &&
      /[，。；,]/.test(prev) &&
      !/^图为/.test(prev) &&
      !TERMINAL.test(prev) &&
      /[\u4e00-\u9fff，、,]$/.test(prev) &&
      CJK_START.test(p) &&
      !isHeadingLike(p)
    ) {
      out[out.length - 1] = prev + p
      joined++
    } else {
      out.push(p)
    }
  }
  if (joined) fixes.push(`接合断行 ${joined} 处`)
  return out.join('\n')
}

function isHeadingLike(p: string): boolean {
  return /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十百]+[章节条部分]|#)/.test(p)
}

/**
 * Drops paragraphs that repeat an earlier paragraph of the same file (a page captured twice,
 * a body pasted again under the footer). Short lines (headings, "一、") may legitimately repeat.
 */
export function dropRepeatedParagraphs(text: string, fixes: string[] = []): string {
  const lines = text.split('\n')
  const keys = lines.map((l) => l.replace(/[\s\u3000]/g, ''))
  const seen = new Set<string>()
  const repeat = keys.map((k) => {
    if (k.length < 16) return false
    if (seen.has(k)) return true
    seen.add(k)
    return false
  })
  // A repeated block brings its short headings along: a short line already seen earlier is dropped
  // when the next long line after it is itself a repeat.
  const seenShort = new Set<string>()
  const keep = keys.map((k, i) => {
    if (repeat[i]) return false
    if (!k || k.length >= 16) return true
    const again = seenShort.has(k)
    seenShort.add(k)
    if (!again) return true
    const j = keys.findIndex((x, n) => n > i && x.length >= 16)
    return !(j >= 0 && repeat[j])
  })
  const dropped = repeat.filter(Boolean).length
  if (dropped) fixes.push(`去除重复段落 ${dropped} 段`)
  return lines.filter((_, i) => keep[i]).join('\n')
}

/** Markdown marks that carry no meaning for retrieval. */
export function stripMarkdown(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/^>\s?/gm, '')
    .replace(/^\s*[-*]{3,}\s*$/gm, '')
}

/** The whole pipeline for a practice document. */
export function cleanDocument(raw: string): Extracted {
  const fixes: string[] = []
  const fm = parseFrontMatter(raw.replace(/\r\n?/g, '\n'))
  let body = fm.body
  if (Object.keys(fm.meta).length) fixes.push('读取 YAML 头信息')
  const htmlMeta: Record<string, string> = {}
  if (looksLikeHtml(body)) {
    body = htmlToText(body, htmlMeta)
    fixes.push('HTML 转文本')
  } else {
    body = body.replace(/<!--[\s\S]*?-->/g, '')
  }
  body = stripMarkdown(body)
  const stripped = stripBoilerplate(body, fixes)
  body = dropRepeatedParagraphs(stripped.body, fixes)
  body = rejoinBrokenLines(body, fixes)
  return { meta: { ...htmlMeta, ...stripped.meta, ...fm.meta }, lists: fm.lists, body: body.trim(), fixes }
}
