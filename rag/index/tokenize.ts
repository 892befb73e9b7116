/**
 * Tokenizer for Chinese legal text: jieba words (search mode, with the project's domain dictionary
 * in regulations/dict.txt) plus character bigrams of every Chinese run. Bigrams make recall robust
 * to segmentation differences between a colloquial question and the rules' wording; words give
 * precision. Bigram terms carry a prefix so the two never collide.
 *
 * @example tokenizer.terms('谈话函询') // ['谈话函询', '谈话', '函询', '§谈话', '§话函', '§函询']
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict.js'
import { RagError } from '../errors.js'

export const BIGRAM_PREFIX = '§'

// Function words and chat filler that carry no retrieval signal.
const STOP = new Set(
  ('的 了 是 在 和 与 及 或 等 对 把 被 将 从 向 于 以 为 由 这 那 其 之 也 都 就 而 并 又 要 会 能 可 可以 应 应当 ' +
    '一个 一些 什么 怎么 怎样 如何 哪些 哪个 哪 吗 呢 吧 啊 呀 嘛 么 请问 请 问 一下 我 我们 你 你们 他 她 它 他们 ' +
    '有 没有 是否 还是 如果 那么 这个 这样 这种 需要 进行 相关 有关 规定 关于 按照 依照 根据 情况 问题 时候 ' +
    '助手 谢谢 您好 你好 好的 一般 现在 得 着 过 个 条 第 款 项 本 该').split(' '),
)
// Bigrams that occur in nearly every text of this domain.
const STOP_BIGRAMS = new Set(['的规', '规定', '应当', '或者', '以及', '有关', '按照', '依照', '进行', '相关', '工作', '情况'])

export interface Tokenizer {
  /** Identifies jieba, dictionary and term scheme; stored in the index manifest. */
  readonly id: string
  /** Content words (jieba, search mode, stopwords removed). */
  words(text: string): string[]
  /** Index terms: words plus prefixed character bigrams. */
  terms(text: string): string[]
  /** True for a word of the domain dictionary (纪检监察 vocabulary). */
  isDomainWord(word: string): boolean
}

function normalise(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .toLowerCase()
}

export interface TokenizerOptions {
  /** Domain dictionary files (jieba user-dict format: word [freq] [tag]). */
  dictFiles: string[]
}

/**
 * Checks a jieba user dictionary: each line `word [freq] [tag]`, a word without spaces, a positive
 * whole frequency, a lower-case tag, no word twice (jieba would silently keep the last). Throws a
 * RagError listing every bad line.
 */
export function checkDictionary(text: string, file: string): void {
  const problems: string[] = []
  const seen = new Map<string, number>()
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '')
    if (!line.trim()) return
    const [word, freq, tag, ...rest] = line.trim().split(/\s+/)
    const n = i + 1
    if (rest.length) problems.push(`第 ${n} 行多出“${rest.join(' ').slice(0, 20)}”（格式：词 [词频] [词性]）`)
    if (freq !== undefined && !/^[1-9]\d{0,8}$/.test(freq)) problems.push(`第 ${n} 行的词频“${freq.slice(0, 12)}”应为正整数`)
    if (tag !== undefined && !/^[a-z]{1,4}$/.test(tag)) problems.push(`第 ${n} 行的词性“${tag.slice(0, 12)}”应为小写字母（如 n、v、nz）`)
    const w = word as string
    const first = seen.get(w)
    if (first !== undefined) problems.push(`第 ${n} 行的“${w}”与第 ${first} 行重复`)
    else seen.set(w, n)
  })
  if (problems.length) throw new RagError('CATALOG_INVALID', `词典 ${file} 有 ${problems.length} 处错误：\n${problems.slice(0, 20).map((p) => `  ${p}`).join('\n')}`)
}

export function createTokenizer(o: TokenizerOptions): Tokenizer {
  const jieba = Jieba.withDict(dict)
  const hash = createHash('sha256')
  const domain = new Set<string>()
  for (const f of o.dictFiles) {
    const buf = readFileSync(f)
    checkDictionary(buf.toString('utf8'), f)
    hash.update(buf)
    jieba.loadDict(buf)
    for (const line of buf.toString('utf8').split('\n')) {
      const w = line.trim().split(/\s+/)[0]
      if (w && w.length >= 2) domain.add(w)
    }
  }
  const id = `jieba-2.0.3+dict:${hash.digest('hex').slice(0, 12)}+bigram-v1`

  const words = (text: string): string[] => {
    const out: string[] = []
    for (const w of jieba.cutForSearch(normalise(text), true)) {
      const t = w.trim()
      if (!t || STOP.has(t)) continue
      // Single Chinese characters are covered by bigrams; punctuation is dropped.
      if (/^[\u4e00-\u9fff]$/.test(t)) continue
      if (!/[\u4e00-\u9fff0-9a-z]/.test(t)) continue
      out.push(t)
    }
    return out
  }

  const terms = (text: string): string[] => {
    const out = words(text)
    const norm = normalise(text)
    for (const run of norm.match(/[\u4e00-\u9fff]+/g) ?? []) {
      for (let i = 0; i + 1 < run.length; i++) {
        const b = run.slice(i, i + 2)
        if (!STOP_BIGRAMS.has(b)) out.push(BIGRAM_PREFIX + b)
      }
    }
    return out
  }

  return { id, words, terms, isDomainWord: (w) => domain.has(w) }
}
