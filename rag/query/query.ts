/**
 * Query analysis: everything the retriever needs to know about a question before it looks at any
 * index. Pure: the same question and context give the same analysis.
 *
 * - clean text (mentions and control characters removed, length capped);
 * - an exact article reference ("监察法第48条") and whether the question is nothing else;
 * - the regulations it names ("《纪律处分条例》规定……"), whose names are then left out of the terms,
 *   or, naming none, the regulations whose topic it is about ("问责" → 问责条例);
 * - the asking sentence of a long case description, or of a follow-up;
 * - the case date (which version applied), the intents (定性 / time limit / procedure), the frame
 *   (a non-party public servant, an SOE manager, a party member), whose words leave the terms;
 * - weighted query terms: jieba words 1, character bigrams less, colloquial expansions less,
 *   the asking sentence more.
 *
 * @example analyzeQuery('留置最长多久？', ctx).intents // ['limit']
 */
import { type CaseDate, caseDateOf } from './case-date.js'
import { type Synonyms, expansions } from './expand.js'
import { type Intent, QUIZ_FORM, intentsOf } from './intent.js'
import { type Frame, frameOf, stripFrame } from './frame.js'
import { type Reference, isBareReference, parseReference } from './lookup.js'
import { BIGRAM_PREFIX, type Tokenizer } from '../index/tokenize.js'

/** Longest question text considered; the rest of a huge message is ignored. */
export const MAX_QUESTION_CHARS = 2000

const QUESTION_MARK = /[？?]|如何|怎样|怎么|是否|能否|可否|哪些|什么|多久|几天|谁/

/** Strips @mentions and control characters; keeps at most MAX_QUESTION_CHARS. */
export function cleanQuestion(q: string): string {
  return q
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2028\u2029\ufeff]/g, '')
    .replace(/@\S+[\s\u2005]?/g, ' ')
    .slice(0, MAX_QUESTION_CHARS)
    .trim()
}

/** The sentence that asks, in a long case description (usually the last line). */
export function focusOf(q: string): string | undefined {
  if (q.length < 120) return undefined
  const lines = q.split(/\n+/).map((l) => l.trim()).filter(Boolean)
  const last = lines[lines.length - 1]
  if (last && last.length <= 80) return last
  const sentences = q.split(/(?<=[。！？?])/).map((s) => s.trim()).filter(Boolean)
  const asking = [...sentences].reverse().find((s) => QUESTION_MARK.test(s) && s.length <= 120)
  return asking
}

/** Weights of the parts of a query (a jieba word weighs 1). */
export interface TermWeights {
  bigram: number
  expansion: number
  focus: number
}

export interface QueryContext {
  tokenizer: Tokenizer
  synonyms: Synonyms
  /** Regulation names known here (catalog aliases and titles), longest first. */
  names: readonly string[]
  /** Keys of the regulation texts a name denotes. */
  sourcesNamed: (name: string) => Iterable<string>
  /** Topic words and the name of the regulation they point to ("问责" → 问责条例), longest first. */
  topics?: ReadonlyArray<readonly [string, string]>
  /** Today as YYYY-MM-DD: case dates after it are plans, not events. */
  today: string
  weights: TermWeights
}

export interface Query {
  /** The cleaned question. */
  text: string
  ref?: Reference
  /** The question is nothing but the reference. */
  bare: boolean
  /** Keys of the regulations the question names. */
  named: Set<string>
  /** Keys of the regulations whose topic the question is about, when it names none ("问责有哪几种方式"). */
  topical: Set<string>
  /** Weighted terms of the whole question (named regulations left out). */
  terms: Map<string, number>
  /** The asking sentence (long case or follow-up). */
  focus?: string
  /** Terms of the asking sentence alone. */
  focusTerms: Map<string, number>
  /** Terms for ranking document titles: the asking sentence, else the question. */
  titleTerms: Map<string, number>
  caseDate?: CaseDate
  intents: Intent[]
  /** The question is a quiz item on the rules (a blank to fill, a choice among statements): it quotes one text's words. */
  quiz: boolean
  /** Who the person is for the sanction system, when the question says (rag/query/frame.ts). */
  frame?: Frame
}

/** Terms of a short text, each at its highest weight (asking sentences, titles). */
export function plainTerms(text: string, ctx: Pick<QueryContext, 'tokenizer' | 'synonyms' | 'weights'>): Map<string, number> {
  const weights = new Map<string, number>()
  const add = (terms: string[], scale: number) => {
    for (const x of terms) {
      const base = x.startsWith(BIGRAM_PREFIX) ? ctx.weights.bigram : 1
      weights.set(x, Math.max(weights.get(x) ?? 0, base * scale))
    }
  }
  add(ctx.tokenizer.terms(text), 1)
  const exp = expansions(text, ctx.synonyms)
  if (exp.length) add(ctx.tokenizer.terms(exp.join(' ')), ctx.weights.expansion)
  return weights
}

/**
 * Weighted terms of a question: repeated terms count up to four times (square root), the asking
 * sentence is added again at the focus weight, and colloquial words bring the rules' wording.
 */
export function questionTerms(q: string, ctx: Pick<QueryContext, 'tokenizer' | 'synonyms' | 'weights'>, focusText?: string): Map<string, number> {
  const weights = new Map<string, number>()
  const add = (terms: string[], scale: number) => {
    const counts = new Map<string, number>()
    for (const x of terms) counts.set(x, (counts.get(x) ?? 0) + 1)
    for (const [x, c] of counts) {
      const base = x.startsWith(BIGRAM_PREFIX) ? ctx.weights.bigram : 1
      weights.set(x, (weights.get(x) ?? 0) + base * scale * Math.sqrt(Math.min(c, 4)))
    }
  }
  add(ctx.tokenizer.terms(q), 1)
  const focus = focusText ?? focusOf(q)
  if (focus) add(ctx.tokenizer.terms(focus), ctx.weights.focus)
  const exp = expansions(focusText ? q : (focus ?? q), ctx.synonyms)
  if (exp.length) add(ctx.tokenizer.terms(exp.join(' ')), ctx.weights.expansion)
  return weights
}

/** Regulations the question names, in 《》 or by a known name of three characters or more. */
export function namedSources(q: string, ctx: Pick<QueryContext, 'names' | 'sourcesNamed'>): Set<string> {
  const found = new Set<string>()
  for (const m of q.matchAll(/《([^》]{2,40})》/g)) found.add(m[1] as string)
  let rest = q.replace(/《[^》]*》/g, ' ')
  for (const n of ctx.names) {
    if (n.length < 3 || !rest.includes(n)) continue
    found.add(n)
    rest = rest.split(n).join(' ')
  }
  const out = new Set<string>()
  for (const name of found) for (const key of ctx.sourcesNamed(name)) out.add(key)
  return out
}

/** Regulations whose topic word the question uses ("问责" → the 问责条例's texts). */
export function topicalSources(q: string, ctx: Pick<QueryContext, 'topics' | 'sourcesNamed'>): Set<string> {
  const out = new Set<string>()
  for (const [word, name] of ctx.topics ?? []) if (q.includes(word)) for (const key of ctx.sourcesNamed(name)) out.add(key)
  return out
}

/** The question without the regulation names it mentions. */
export function stripNames(q: string, names: readonly string[]): string {
  let out = q.replace(/《[^》]*》/g, ' ')
  for (const n of names) if (n.length >= 3 && out.includes(n)) out = out.split(n).join(' ')
  return out
}

/** Analyses a question; `followUp` is the asking sentence when the question continues an earlier one. */
export function analyzeQuery(raw: string, ctx: QueryContext, followUp?: string): Query {
  const text = cleanQuestion(raw)
  const ref = text ? parseReference(text, ctx.names) : undefined
  // A regulation's name says where to look, not what to find: its words are left out of the query.
  const named = namedSources(text, ctx)
  const withoutNames = named.size ? stripNames(text, ctx.names) : text
  // In a long case description (or a follow-up) the asking sentence is a query of its own.
  const focus = followUp ? cleanQuestion(followUp) : focusOf(text)
  const intents = intentsOf(focus ?? text)
  // The frame of a question about a non-party public servant ("非党员的……政务处分按哪条") says
  // which system answers, not which behaviour: its words are left out, as a named regulation's are
  // (rag/query/frame.ts). Measured: chat-blind-3a hit@5 0.654 → 0.746 with the carry-over; stripping
  // the asking words of every 定性 question instead cost dev-chat 3 and chat-blind-2 4 questions.
  const frame = frameOf(text)
  const content = frame === 'gov' || frame === 'soe' ? stripFrame(withoutNames, frame) : withoutNames
  const terms = questionTerms(substantial(content) ? content : substantial(withoutNames) ? withoutNames : text, ctx, followUp)
  const focusTerms = focus ? plainTerms(focus, ctx) : new Map<string, number>()
  return {
    text,
    ref,
    bare: ref ? isBareReference(text, ref) : false,
    named,
    topical: named.size ? new Set<string>() : topicalSources(text, ctx),
    terms,
    focus,
    focusTerms,
    titleTerms: focus ? focusTerms : plainTerms(text, ctx),
    caseDate: caseDateOf(text, ctx.today),
    intents,
    quiz: QUIZ_FORM.test(text),
    frame,
  }
}

/** Enough left of a question to search with (two characters besides punctuation). */
function substantial(t: string): boolean {
  return t.replace(/[\s，。？?！!、：:]/g, '').length >= 2
}
