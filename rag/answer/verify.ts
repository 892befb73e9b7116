/**
 * Checks a chat model's answer against the materials it was given, sentence by sentence, before
 * anything is sent. A sentence survives only when every id it cites was given, every quoted span
 * occurs in a text it cites, every number, time limit, article number, sanction name and modal it
 * states occurs in one of its cited texts, and most of its wording comes from them. The checks are
 * code, not prompt: a model that ignores its instructions gains nothing.
 *
 * @example verifyAnswer('函询应当在15个工作日内回复[1]。', [{ id: 1, title: '《规则》第二十九条', text: '……十五个工作日内……' }])
 */
import { bigramShare } from '../ingest/citations.js'
import { parseChineseNumber } from '../text/numerals.js'

/** One retrieved text as the model saw it, under its closed id. */
export interface Material {
  id: number
  title: string
  text: string
}

export const DROP_REASONS = ['unknown-id', 'no-citation', 'quote', 'number', 'article', 'sanction', 'modal', 'approver', 'unsupported'] as const
export type DropReason = (typeof DROP_REASONS)[number]

export interface SentenceCheck {
  text: string
  /** Ids the sentence cites, in order. */
  ids: number[]
  ok: boolean
  /** A sentence that links others and states nothing ("具体如下："); kept, but it answers nothing. */
  connective: boolean
  reason?: DropReason
  /** What failed: the quote, number or word that no cited text holds. */
  detail?: string
}

export interface VerifyPolicy {
  /** Share of a sentence's character bigrams (citations and fact tokens aside) its cited texts must hold. */
  support: number
  /** Share of one clause's bigrams that one passage of a cited text must hold. */
  anchor: number
  /** Fewest verified cited sentences an answer needs. */
  minSentences: number
  /** Longest model output read, in characters (anything longer is garbage). */
  maxChars: number
}

export const DEFAULT_VERIFY: VerifyPolicy = { support: 0.3, anchor: 0.4, minSentences: 1, maxChars: 3000 }

export type Verdict =
  | { ok: true; sentences: SentenceCheck[]; kept: SentenceCheck[]; dropped: SentenceCheck[] }
  | { ok: false; why: 'empty' | 'garbage' | 'declined' | 'verdict-failed' | 'too-few'; sentences: SentenceCheck[] }

// ---------------------------------------------------------------------------------------------
// Normalising

const PUNCT = /[\s，,。．.、；;：:？?！!“”"‘’'「」『』（）()《》〈〉【】\[\]<>·•—–\-…~～_*#`|/\\]/g
const NUM_CN = '零〇一二两三四五六七八九十百千'
/** Units after a numeral that make it a quantity (so 一般, 统一 stay words). */
const UNIT = '(?:个工作日|个自然日|个月|个|工作日|日|天|年|周|小时|分钟|人|名|次|项|条|款|级|倍|份|件|元|万元|%|％)'
const CN_QTY = new RegExp(`(?<![上下同])([${NUM_CN}]+)(?=${UNIT})`, 'g')
const CN_ORD = new RegExp(`第([${NUM_CN}]+)(?=[条款项章节])`, 'g')

/** Width folded and Chinese numerals of quantities, ordinals and percentages as digits; punctuation kept. */
export function numerals(s: string): string {
  return s
    .normalize('NFKC')
    .replace(new RegExp(`百分之([${NUM_CN}]+)`, 'g'), (m, n: string) => {
      const v = parseChineseNumber(n)
      return v === undefined ? m : `${v}%`
    })
    .replace(CN_ORD, (m, n: string) => {
      const v = parseChineseNumber(n)
      return v === undefined ? m : `第${v}`
    })
    .replace(CN_QTY, (m, n: string) => {
      const v = parseChineseNumber(n)
      return v === undefined ? m : String(v)
    })
}

/** Width, punctuation and whitespace removed; Chinese numerals of quantities and ordinals as digits; 天 after a number as 日. */
export function normalise(s: string): string {
  return numerals(s).replace(PUNCT, '').replace(/(\d)天/g, '$1日').replace(/(\d)工作日/g, '$1个工作日')
}

// ---------------------------------------------------------------------------------------------
// Splitting

const CITE = /[[【]\s*\^?\s*(\d{1,2}(?:\s*[,，、\-–]\s*\d{1,2})*)\s*[\]】]/g

/** Sentences of a model output; a citation written after the full stop belongs to the sentence before it. */
export function splitSentences(raw: string): string[] {
  const out: string[] = []
  let cur = ''
  const s = raw.replace(/\r/g, '')
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string
    cur += ch
    if (/[。！？!?\n]/.test(ch)) {
      // Citations and closing quotes right after the stop stay with this sentence.
      const rest = /^(?:[ \t]*(?:[[【]\s*\^?\s*\d{1,2}(?:\s*[,，、\-–]\s*\d{1,2})*\s*[\]】]|[”」』）)]))+/.exec(s.slice(i + 1))
      if (rest) {
        cur += rest[0]
        i += rest[0].length
      }
      if (cur.trim()) out.push(cur.trim())
      cur = ''
    }
  }
  if (cur.trim()) out.push(cur.trim())
  // A line that is only a list marker or a heading marker joins nothing.
  return out.map((x) => x.replace(/^(?:[-*•]|\d{1,2}[.、)）]|[（(][一二三四五六七八九十\d]{1,2}[)）])\s*/, '')).filter((x) => x.replace(PUNCT, '').length > 0)
}

/** Ids a sentence cites: [1], [1][2], [1,2], [1-3], 【1】. */
export function citedIds(sentence: string): number[] {
  const ids: number[] = []
  for (const m of sentence.matchAll(CITE)) {
    const body = m[1] as string
    const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(body)
    if (range) {
      for (let k = Number(range[1]); k <= Number(range[2]) && k - Number(range[1]) < 10; k++) ids.push(k)
    } else for (const p of body.split(/[,，、]/)) ids.push(Number(p.trim()))
  }
  return [...new Set(ids)]
}

// ---------------------------------------------------------------------------------------------
// Facts a sentence states

const QUOTE = /[“"「『]([^”"」』]{2,120})[”"」』]/g
/** Sanction names, longest first, so that 严重警告 is not read as 警告. */
const SANCTIONS = ['撤销党内职务', '开除党籍', '留党察看', '严重警告', '开除公职', '记大过', '警告', '记过', '降级', '撤职', '开除', '诫勉', '降职', '免职', '责令辞职', '通报批评', '批评教育', '责令检查', '政务警告', '政务记过']
const SANCTION_RE = new RegExp(SANCTIONS.join('|'), 'g')
/** Modal classes; negations first so that 不得 is not read as 得, nor 不可以 as 可以. */
const MODALS: Array<[RegExp, 'must' | 'may' | 'not']> = [
  [/不得|不准|禁止|严禁|不能|不可以|不可|不应当|不应|不予|无须|无需|不必|不需要|不用/g, 'not'],
  [/应当|应该|必须|须|务必|一律/g, 'must'],
  [/可以|可|有权/g, 'may'],
]
/** Words that soften a rule ("一般", "原则上"): a sentence that drops them states more than the text. */
const HEDGE = /一般|原则上|通常|必要时|特殊情况/

interface Facts {
  quotes: string[]
  numbers: string[]
  articles: string[]
  sanctions: string[]
  modals: Array<{ cls: 'must' | 'may' | 'not'; word: string; after: string; hedged: boolean }>
  negations: string[]
  /** Who approves or decides: the organ between 报/经/由 and 批准/审批/同意/决定. */
  approvers: string[]
}

const APPROVER = /(?:报请|报经|报|经过|经|由)([\u4e00-\u9fff\d]{2,16}?)(?:集体研究|研究)?(?:批准|审批|同意|决定|签批|审定)/g

function modalsOf(s: string, sentence = false): Facts['modals'] {
  const taken = new Array<boolean>(s.length).fill(false)
  const out: Facts['modals'] = []
  for (const [re, cls] of MODALS) {
    for (const m of s.matchAll(re)) {
      const at = m.index
      if (taken.slice(at, at + m[0].length).some(Boolean)) continue
      // 可 inside a word (可能, 认可, 许可, 不可) is no modal; 须 inside 必须/无须 was taken already.
      if (m[0] === '可' && /^可(能|见|疑|靠|信|行|否|控|观|惜|爱|知)/.test(s.slice(at)) ) continue
      if (m[0] === '可' && /[认许宁]$/.test(s.slice(0, at))) continue
      if (m[0] === '须' && /[必无]$/.test(s.slice(0, at))) continue
      for (let k = at; k < at + m[0].length; k++) taken[k] = true
      // The words the modal governs: the next characters up to any punctuation, prepositions aside.
      const rest = s.slice(at + m[0].length)
      const after = (/^[\u4e00-\u9fff\d]+/.exec(rest)?.[0] ?? '').replace(/^[在于由对向按将把予以经及时]+/, '').slice(0, 2)
      const hedged = HEDGE.test(s.slice(Math.max(0, at - 6), at))
      // "可以，……" opening an answer is a yes, not a modal.
      if (!rest.length || /^[，,。：:]/.test(rest)) {
        if (at === 0 || /[，,。]$/.test(s.slice(0, at))) continue
      }
      // "须经……批准" states the approval the text's "经……批准" requires: the approver check reads it.
      // So does "应当“经……批准”": the quote is checked word for word.
      if (sentence && cls === 'must' && (/^□[经报]/.test(rest) || (/^[经报]/.test(rest) && new RegExp(APPROVER.source).test(rest)))) continue
      out.push({ cls, word: m[0], after, hedged })
    }
  }
  return out
}

function factsOf(sentence: string): Facts {
  const bare = sentence.replace(CITE, '')
  const quotes = [...bare.matchAll(QUOTE)].map((m) => m[1] as string)
  const n = normalise(bare)
  const numbers = [...n.matchAll(new RegExp(`(?<![第\\d.])(\\d+(?:\\.\\d+)?)(${UNIT})?`, 'g'))].map((m) => m[0])
  const articles = [...n.matchAll(/第(\d+)(条|款|项)/g)].map((m) => m[0])
  const sanctions = [...bare.matchAll(SANCTION_RE)].map((m) => m[0])
  // Quoted words are checked as quotes; a modal inside one is the text's own.
  const unquoted = numerals(bare.replace(QUOTE, (_, q: string) => `□${/^[经报]/.test(q) ? (q[0] as string) : ''}`))
  return {
    quotes,
    numbers,
    articles,
    sanctions,
    modals: modalsOf(unquoted, true),
    negations: [...unquoted.matchAll(NEGATION)].map((m) => m[0]),
    approvers: [...unquoted.matchAll(APPROVER)].map((m) => m[1] as string),
  }
}

const hasFacts = (f: Facts) => f.quotes.length + f.numbers.length + f.articles.length + f.sanctions.length + f.modals.length + f.negations.length + f.approvers.length > 0

// ---------------------------------------------------------------------------------------------
// Checking

/** Whether a number token (with its unit) occurs in a text as a whole number ("15日" not inside "115日"). */
function holdsNumber(text: string, token: string): boolean {
  const esc = token.replace(/[.%]/g, (c) => `\\${c}`)
  return new RegExp(`(?<![\\d.])${esc}`).test(text)
}

/** A sanction name occurs as itself (警告 not only inside 严重警告, 开除 not only inside 开除党籍). */
function holdsSanction(raw: string, name: string): boolean {
  const longer = SANCTIONS.filter((s) => s !== name && s.includes(name))
  let rest = raw
  for (const l of longer) rest = rest.split(l).join('□')
  return rest.includes(name)
}

/** The modal of a sentence against its cited text: the class must occur, and where the text says the same words after another class (or softened), the sentence contradicts it. */
function modalFails(m: Facts['modals'][number], raw: string): boolean {
  const inText = modalsOf(numerals(raw))
  if (!inText.some((t) => t.cls === m.cls)) return true
  if (m.after.length < 2) return false
  const here = inText.filter((t) => t.after === m.after)
  if (here.length && !here.some((t) => t.cls === m.cls)) return true
  // "一般应当由……" made into "必须由……": the text softens the very words the sentence makes absolute.
  const same = here.filter((t) => t.cls === m.cls)
  if (m.cls === 'must' && !m.hedged && same.length && same.every((t) => t.hedged)) return true
  return false
}

/** Negated statements a sentence makes: each must be the text's own words. */
const NEGATION = /不(属于|是|构成|适用|予|再|追究|影响|停止|计入|包括)|免予|免于|没有|无权/g

/** Clauses of a text, split at commas and stops. */
const clausesOf = (s: string) => numerals(s).split(/[，,；;。：:\n]/).map((x) => x.replace(PUNCT, '')).filter((x) => x.length >= 2)

/**
 * A number must sit in the clause of the cited text that the sentence's clause matches best (or
 * one nearly as good): "三十日" from the clause on 复核 does not answer the clause on 申诉.
 */
function numberInClause(sentence: string, token: string, raw: string): boolean {
  const own = clausesOf(sentence.replace(CITE, '')).find((c) => holdsNumber(c, token))
  if (!own) return true
  const probe = own.replace(new RegExp(`\\d+(?:\\.\\d+)?(${UNIT})?`, 'g'), '')
  // A clause of the text, alone or with the clause before or after it (sentences and texts cut clauses differently).
  const cs = clausesOf(raw)
  const windows = cs.flatMap((c, i) => [c, ...(i > 0 ? [cs[i - 1] + c] : []), ...(i + 1 < cs.length ? [c + cs[i + 1]] : [])])
  const scored = windows.map((c) => ({ c, s: bigramShare(probe, c.replace(/\d+/g, '')) }))
  const best = Math.max(0, ...scored.map((x) => x.s))
  // A clause rewritten beyond recognition is judged by the set-level check alone.
  if (best < 0.5) return true
  return scored.some((x) => x.s >= best * 0.85 && holdsNumber(x.c, token))
}

/** The best share, over the sentence's clauses, of a clause's bigrams found in one window of the text. */
function anchorShare(sentence: string, text: string): number {
  const own = clausesOf(sentence.replace(CITE, '')).filter((c) => c.length >= 4)
  if (!own.length) return 1
  const cs = clausesOf(text)
  const windows = cs.flatMap((c, i) => [c, ...(i + 1 < cs.length ? [c + cs[i + 1]] : [])])
  return Math.max(0, ...own.flatMap((c) => windows.map((w) => bigramShare(c, w))))
}

/** Bigram containment of the sentence's own wording in the cited texts (ids and punctuation aside). */
function support(sentence: string, texts: string): number {
  const p = normalise(sentence.replace(CITE, '')).replace(/[^\u4e00-\u9fff\d]/g, '')
  return p.length < 4 ? 1 : bigramShare(p, normalise(texts))
}

/** Checks one sentence against the materials. */
export function verifySentence(sentence: string, materials: readonly Material[], policy: VerifyPolicy = DEFAULT_VERIFY): SentenceCheck {
  const ids = citedIds(sentence)
  const facts = factsOf(sentence)
  const base = { text: sentence, ids }
  if (!ids.length) {
    const words = normalise(sentence).length
    const connective = !hasFacts(facts) && words <= 24
    return connective ? { ...base, ok: true, connective: true } : { ...base, ok: false, connective: false, reason: 'no-citation' }
  }
  const byId = new Map(materials.map((m) => [m.id, m]))
  const unknown = ids.find((id) => !byId.has(id))
  if (unknown !== undefined) return { ...base, ok: false, connective: false, reason: 'unknown-id', detail: `[${unknown}]` }
  const cited = ids.map((id) => byId.get(id) as Material)
  const raw = cited.map((m) => `${m.title}\n${m.text}`).join('\n')
  const norm = normalise(raw)
  const fail = (reason: DropReason, detail: string): SentenceCheck => ({ ...base, ok: false, connective: false, reason, detail })
  for (const q of facts.quotes) if (!norm.includes(normalise(q))) return fail('quote', q)
  for (const a of facts.articles) if (!norm.includes(a)) return fail('article', a)
  for (const n of facts.numbers) if (!holdsNumber(norm, n) || !numberInClause(sentence, n, raw)) return fail('number', n)
  for (const s of facts.sanctions) if (!holdsSanction(raw, s)) return fail('sanction', s)
  for (const m of facts.modals) if (modalFails(m, raw)) return fail('modal', m.word + m.after)
  for (const w of facts.negations) if (!norm.includes(w)) return fail('modal', w)
  for (const a of facts.approvers) if (!norm.includes(normalise(a))) return fail('approver', a)
  const share = support(sentence, raw)
  if (share < policy.support) return fail('unsupported', share.toFixed(2))
  // One clause of the sentence at least must read like a passage of one cited text: sharing common
  // words ("证人", "应当") with a text about something else is no support.
  const anchor = Math.max(0, ...cited.map((m) => anchorShare(sentence, `${m.title}\n${m.text}`)))
  if (anchor < policy.anchor) return fail('unsupported', `clause ${anchor.toFixed(2)}`)
  return { ...base, ok: true, connective: false }
}

/** The model saying it has no basis, in any of the usual ways. */
const DECLINE = /(没有|未|无)(找到|检索到|提供)?(相关|明确|直接)?(的)?(依据|规定|内容|信息)|无法(根据|依据)|不足以回答/

/**
 * Checks a whole answer. It stands when the first sentence (the verdict) survives and at least
 * `minSentences` cited sentences do; otherwise the caller falls back to the extractive answer.
 */
export function verifyAnswer(raw: string, materials: readonly Material[], policy: VerifyPolicy = DEFAULT_VERIFY): Verdict {
  const text = raw.trim()
  if (!text) return { ok: false, why: 'empty', sentences: [] }
  const cjk = (text.match(/[\u4e00-\u9fff]/g) ?? []).length
  if (text.length > policy.maxChars || cjk < Math.min(8, text.length * 0.3)) return { ok: false, why: 'garbage', sentences: [] }
  const sentences = splitSentences(text).map((s) => verifySentence(s, materials, policy))
  const claims = sentences.filter((s) => !s.connective)
  if (!claims.length) return { ok: false, why: 'garbage', sentences }
  const verdict = claims[0] as SentenceCheck
  if (DECLINE.test(verdict.text) && verdict.text.length < 40) return { ok: false, why: 'declined', sentences }
  if (!verdict.ok) return { ok: false, why: 'verdict-failed', sentences }
  const kept = sentences.filter((s) => s.ok)
  if (kept.filter((s) => !s.connective).length < policy.minSentences) return { ok: false, why: 'too-few', sentences }
  // Connectives at the end introduce nothing.
  while (kept.length && (kept[kept.length - 1] as SentenceCheck).connective) kept.pop()
  return { ok: true, sentences, kept, dropped: sentences.filter((s) => !s.ok) }
}

// ---------------------------------------------------------------------------------------------
// Materials

/** Text in a document that addresses the reader of the prompt rather than the case: instructions to a model. */
const INSTRUCTION = [
  /(忽略|无视|不要理会|不用理会|忘记|忘掉|跳过)[^。！？\n]{0,16}(指令|指示|要求|规则|提示|设定|约束|以上|之前|上述|前面)/,
  /(ignore|disregard|forget)\s+(all\s+|any\s+)?(the\s+)?(previous|prior|above|earlier|preceding)/i,
  /\b(system prompt|you are now|act as|new instructions?)\b/i,
  /(你现在是|你的新任务|从现在起你|作为(一个)?(AI|人工智能|语言模型|助手))/i,
  /(请|务必|必须)?(直接)?(告诉|回答|回复|通知|转告)(提问人|提问者|用户|对方|读者)/,
  /(system|assistant|user)\s*[:：]/i,
]

/**
 * Removes instructions planted in a document before the model sees it and before any sentence is
 * checked against it: the parenthesis or sentence holding one is cut out.
 */
export function sanitiseMaterial(text: string): { text: string; removed: number } {
  let removed = 0
  const isInstruction = (s: string) => INSTRUCTION.some((re) => re.test(s))
  // Parentheses first, then whole sentences.
  let out = text.replace(/[（(][^（）()]{0,300}[）)]/g, (m) => {
    if (!isInstruction(m)) return m
    removed++
    return ''
  })
  out = out
    .split(/(?<=[。！？!?\n]|\.\s)/)
    .filter((s) => {
      if (!isInstruction(s)) return true
      removed++
      return false
    })
    .join('')
  return { text: out, removed }
}

/** The materials block of the prompt: each text under its closed id, as data. */
export function materialsBlock(materials: readonly Material[]): string {
  return materials.map((m) => `[${m.id}] ${m.title}\n${m.text.replace(/\{\{/g, '{ {')}`).join('\n\n')
}
