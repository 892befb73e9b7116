/**
 * Mechanical checks of quiz items against the article each one cites. An item may be asked only
 * when every check passes and the article is in force:
 *
 * - the cited article exists (in the knowledge base's texts);
 * - fill: the answer occurs in the article; choice: every correct option occurs in it and no
 *   distractor does (one defensible answer), and the answer letters are among the options;
 * - judge: the fact occurs in the article; a false statement's changed phrase does not;
 * - imported items are also checked for a wrong article number: when another article of the same
 *   regulation fits the question clearly better than the cited one, the label is doubted;
 * - duplicate stems within a bank.
 * Whitespace is ignored in every comparison.
 *
 * @example checkItem(item, source) // ['答案“六个月”在所引条文中找不到']
 */
import { bigramContainment } from '../../../rag/index.js'
import type { Status } from '../../../rag/index.js'
import { LETTERS, type QuizItem } from './model.js'

export interface ArticleText {
  id: string
  text: string
  status: Status
  /** 《监察法》第四十八条 */
  cite: string
}

/** The texts the checks read: the knowledge base's articles. */
export interface ArticleSource {
  article(id: string): ArticleText | undefined
  /** Articles of the same regulation text (for the article-number check of imported items). */
  siblings(id: string): ArticleText[]
}

export const norm = (s: string): string => s.replace(/[\s\u3000]/g, '')

/** Problems of one item, in Chinese, each a reason a trainer can act on; [] when it holds. */
export function checkItem(it: QuizItem, src: ArticleSource, o: { labelCheck?: boolean } = {}): string[] {
  const a = src.article(it.basis)
  if (!a) return [`所引条文 ${it.basis} 不在知识库中（条号有误，或尚未导入该法规原文）`]
  const text = norm(a.text)
  const problems: string[] = []
  if (it.type === 'fill') {
    if (!text.includes(norm(it.answer))) problems.push(`答案“${it.answer}”在${a.cite}中找不到`)
  } else if (it.type === 'judge') {
    if (it.fact !== undefined) {
      if (!text.includes(norm(it.fact))) problems.push(`判断依据“${it.fact}”在${a.cite}中找不到`)
      if (it.answer === '错' && it.wrong !== undefined && text.includes(norm(it.wrong))) problems.push(`判为“错”的说法“${it.wrong}”其实出现在${a.cite}中`)
      if (it.answer === '对' && !norm(it.stem).includes(norm(it.fact))) problems.push('判为“对”的题干没有包含判断依据')
    } else if (bigramContainment(it.stem, a.text) < 0.5) {
      problems.push(`题干与${a.cite}的内容对不上，无法核对`)
    }
  } else {
    const opts = it.options ?? []
    const letters = LETTERS.slice(0, opts.length)
    const ans = it.answer.toUpperCase()
    const bad = [...ans].filter((c) => !letters.includes(c))
    if (bad.length) problems.push(`答案 ${ans} 不在选项中（只有 ${letters.split('').join('、')}）`)
    if (it.type === 'single' && ans.length !== 1) problems.push(`单选题答案应是一个字母，收到 ${ans}`)
    if (it.type === 'multiple' && ans.length < 2) problems.push(`多选题答案应至少两个字母，收到 ${ans}`)
    if (new Set(opts.map(norm)).size !== opts.length) problems.push('有重复的选项')
    opts.forEach((opt, i) => {
      const L = letters[i] as string
      const inText = text.includes(norm(opt))
      if (ans.includes(L) && !inText) problems.push(`正确选项 ${L}“${clip(opt)}”在${a.cite}中找不到`)
      if (!ans.includes(L) && inText) problems.push(`干扰项 ${L}“${clip(opt)}”也写在${a.cite}中，可能不止一个正确答案`)
    })
  }
  if (o.labelCheck) {
    const probe = `${it.stem}${it.type === 'single' || it.type === 'multiple' ? [...it.answer].map((c) => it.options?.[LETTERS.indexOf(c)] ?? '').join('') : it.type === 'fill' ? it.answer : ''}`
    const cited = bigramContainment(probe, a.text)
    let best: { a: ArticleText; v: number } | undefined
    for (const s of src.siblings(it.basis)) {
      if (s.id === a.id) continue
      const v = bigramContainment(probe, s.text)
      if (!best || v > best.v) best = { a: s, v }
    }
    if (best && best.v >= 0.5 && best.v >= cited + 0.15) problems.push(`条号可能有误：题目内容更像${best.a.cite}`)
  }
  return problems
}

/** Stems that occur more than once in a list of items (whitespace and punctuation ignored). */
export function duplicateStems(items: Array<Pick<QuizItem, 'id' | 'stem'>>): Map<string, string> {
  const first = new Map<string, string>()
  const dup = new Map<string, string>()
  for (const it of items) {
    const k = norm(it.stem).replace(/[，。？?、；：:（）()“”"'（）_]/g, '')
    const f = first.get(k)
    if (f) dup.set(it.id, f)
    else first.set(k, it.id)
  }
  return dup
}

const clip = (s: string) => (s.length > 16 ? `${s.slice(0, 16)}…` : s)
