/**
 * Parses a regulation's text into its legal structure: 编/章/节 headings and 条 (articles), each
 * article split into 款 (paragraphs) and 项 (numbered items).
 *
 * Robust to the shapes real texts come in: headings with or without Markdown marks or with spaces
 * inside ("第 一 章　总　则"), articles that do not start a line ("……。第五条　……"), Arabic and
 * full-width numerals (第12条, 第１２条), and in-text references ("依照本规则第二十一条") which are
 * not article starts. Article numbers must increase; an inline candidate is accepted only when it
 * is exactly the next number.
 *
 * @example parseLegalText('第一条 为了……\n第二条 ……').articles.length // 2
 */
import { NUMERAL_CHARS, parseChineseNumber } from '../text/numerals.js'

export interface Heading {
  level: '编' | '章' | '节'
  n: number
  /** "第三章" */
  label: string
  /** "线索处置" */
  name: string
}

export interface Clause {
  /** The 款 text (its lead-in sentence when it has items). */
  text: string
  /** 项, each with its "（一）" marker kept. */
  items: string[]
}

export interface ParsedArticle {
  n: number
  /** "第二十一条" as written in the text (numerals normalised to the text's own form). */
  label: string
  /** Whole article text, marker included, 款 joined by newlines. */
  text: string
  clauses: Clause[]
  part?: Heading
  chapter?: Heading
  section?: Heading
}

export interface ParsedRegulation {
  /** Text before the first article (title lines, 题注, 目录 remnants). */
  preamble: string
  articles: ParsedArticle[]
  headings: Heading[]
}

const N = `[${NUMERAL_CHARS}]`
const HEADING_RE = new RegExp(`^[#\\s　]*第[\\s　]*(${N}+)[\\s　]*([编章节])(?:[\\s　]+|$|(?=[\\u4e00-\\u9fff]))(.{0,40})$`)
// An article marker: 第X条 (spaces allowed inside), optionally followed by 【题】 and then white space or text.
const ARTICLE_RE = new RegExp(`第[ 　]*(${N}{1,7})[ 　]*条(?![款项例])`, 'g')
const ITEM_RE = /^[（(]([一二三四五六七八九十]+|\d+)[）)]|^[一二三四五六七八九十]+、/

function normalise(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b\ufeff]/g, '')
    .replace(/\u00a0/g, ' ')
}

/** True when the heading candidate is really a heading line, not a sentence that starts with 第X章. */
function asHeading(line: string): Heading | undefined {
  const m = HEADING_RE.exec(line.trim())
  if (!m) return undefined
  const n = parseChineseNumber(m[1] as string)
  if (n === undefined) return undefined
  const name = (m[3] ?? '').replace(/[\s　]+/g, '').replace(/^[：:、.．]/, '')
  // Sentences ending with 。 are not headings.
  if (/[。；;]$/.test(name)) return undefined
  const level = m[2] as Heading['level']
  return { level, n, label: `第${m[1]}${level}`.replace(/[\s　]/g, ''), name }
}

/** "## 党员领导干部廉洁自律规范": a Markdown heading without a 第X章 number still opens a part. */
function markdownHeading(line: string): Heading | undefined {
  const m = /^(#{2,4})\s+(\S.{0,40})$/.exec(line.trim())
  if (!m || /第.{1,6}条/.test(m[2] as string)) return undefined
  const level: Heading['level'] = (m[1] as string).length <= 2 ? '章' : '节'
  return { level, n: 0, label: '', name: (m[2] as string).trim() }
}

interface Candidate {
  index: number
  end: number
  n: number
  label: string
  lineStart: boolean
  spaced: boolean
  afterStop: boolean
}

function candidatesIn(line: string): Candidate[] {
  const out: Candidate[] = []
  ARTICLE_RE.lastIndex = 0
  for (let m = ARTICLE_RE.exec(line); m; m = ARTICLE_RE.exec(line)) {
    const n = parseChineseNumber(m[1] as string)
    if (n === undefined || n === 0) continue
    const before = line.slice(0, m.index)
    const after = line.slice(m.index + m[0].length)
    out.push({
      index: m.index,
      end: m.index + m[0].length,
      n,
      label: m[0].replace(/[ 　]/g, ''),
      lineStart: /^[#*\s　]*$/.test(before),
      spaced: /^([ 　\t]|【|$)/.test(after),
      afterStop: /[。；！？”」\s　]$/.test(before),
    })
  }
  return out
}

export function parseLegalText(raw: string): ParsedRegulation {
  const lines = normalise(raw).split('\n')
  const headings: Heading[] = []
  const articles: Array<Omit<ParsedArticle, 'clauses' | 'text'> & { lines: string[] }> = []
  const preamble: string[] = []
  let part: Heading | undefined
  let chapter: Heading | undefined
  let section: Heading | undefined
  let last = 0

  const open = (c: Candidate) => {
    articles.push({ n: c.n, label: c.label, lines: [], part, chapter, section })
    last = c.n
  }
  const append = (text: string) => {
    const t = text.trim()
    if (!t) return
    const cur = articles[articles.length - 1]
    if (cur) cur.lines.push(t)
    else preamble.push(t)
  }

  for (const rawLine of lines) {
    const line = rawLine.replace(/\s+$/, '')
    if (!line.trim()) continue
    const h = line.trim().length <= 48 ? (asHeading(line) ?? markdownHeading(line)) : undefined
    if (h) {
      headings.push(h)
      if (h.level === '编') { part = h; chapter = undefined; section = undefined }
      else if (h.level === '章') { chapter = h; section = undefined }
      else section = h
      continue
    }
    let cursor = 0
    for (const c of candidatesIn(line)) {
      const atStart = c.lineStart
      const next = c.n === last + 1
      // Line-start markers may skip numbers (a missing article); inline ones must be the next number
      // and look like a marker (white space after it, or right after a sentence end).
      const accept = atStart ? c.n > last && (next || (c.spaced && c.n <= last + 20)) : next && c.afterStop
      if (!accept) continue
      append(line.slice(cursor, c.index))
      open(c)
      cursor = c.index
    }
    append(line.slice(cursor))
  }

  return {
    preamble: preamble.join('\n'),
    headings,
    articles: articles.map((a) => {
      const { lines: ls, ...rest } = a
      return { ...rest, text: ls.join('\n'), clauses: toClauses(ls, a.label) }
    }),
  }
}

/** Splits article lines into 款, folding item lines (（一）…) into the 款 they follow. */
function toClauses(lines: string[], label: string): Clause[] {
  const clauses: Clause[] = []
  lines.forEach((line, i) => {
    const text = i === 0 ? line.slice(line.indexOf(label) + label.length).replace(/^[\s　]+/, '') : line
    const cur = clauses[clauses.length - 1]
    if (cur && ITEM_RE.test(text)) cur.items.push(text)
    else clauses.push({ text, items: [] })
  })
  return clauses
}

/** Text of one 款 (1-based) or one 项 within it, for ids like `#30.1.3`. */
export function clauseText(a: Pick<ParsedArticle, 'clauses'>, kuan: number, xiang?: number): string | undefined {
  const c = a.clauses[kuan - 1]
  if (!c) return undefined
  if (xiang === undefined) return [c.text, ...c.items].join('\n')
  return c.items[xiang - 1]
}

/** Heuristic used when no catalog says what a file is: several sequential articles from 第一条. */
export function looksLikeRegulation(text: string): boolean {
  const parsed = parseLegalText(text.slice(0, 20_000))
  const lineStartArticles = parsed.articles.filter((a) => a.n <= 10).length
  return parsed.articles.length >= 3 && parsed.articles[0]?.n === 1 && lineStartArticles >= 3
}
