/**
 * Quiz items: one question resting on one article. Types 单选 (single), 多选 (multiple), 判断
 * (judge), 填空 (fill). Every item names the article id its answer is checked against.
 *
 * @example QuizItemSchema.parse({ id: 'jc-001', type: 'fill', stem: '留置一般不超过____', answer: '三个月', … })
 */
import { z } from 'zod'

export const ITEM_TYPES = ['single', 'multiple', 'judge', 'fill'] as const
export type ItemType = (typeof ITEM_TYPES)[number]
export const TYPE_LABELS: Record<ItemType, string> = { single: '单选', multiple: '多选', judge: '判断', fill: '填空' }
const TYPE_WORDS: Record<string, ItemType> = { 单选: 'single', 单选题: 'single', 单项选择: 'single', 单项选择题: 'single', 多选: 'multiple', 多选题: 'multiple', 多项选择: 'multiple', 多项选择题: 'multiple', 判断: 'judge', 判断题: 'judge', 填空: 'fill', 填空题: 'fill', single: 'single', multiple: 'multiple', judge: 'judge', fill: 'fill' }

export const typeOf = (word: string): ItemType | undefined => TYPE_WORDS[word.trim()]

export const LETTERS = 'ABCDE'
export const BLANK = '____'

/** Where an item comes from. */
export type Origin = 'builtin' | 'generated' | 'imported'

/** `<file stem>#<article>`; an imported row whose citation names no article here keeps its text, and the check reports it. */
const ArticleIdSchema = z.string().trim().min(1, '依据必填').max(80)

export const QuizItemSchema = z
  .object({
    id: z.string().min(1, '编号不能为空').max(60, '编号最长 60 字'),
    type: z.enum(ITEM_TYPES),
    topic: z.string().min(1, '主题不能为空').max(40, '主题最长 40 字'),
    stem: z.string().min(4, '题干太短（至少 4 个字）').max(500, '题干最长 500 字'),
    options: z.array(z.string().min(1).max(200, '选项最长 200 字')).min(2, '选择题至少要两个选项').max(5, '最多五个选项').optional(),
    /** single: "B"; multiple: "ACD"; judge: "对" | "错"; fill: the missing words. */
    answer: z.string().min(1, '答案必填').max(200, '答案最长 200 字'),
    explanation: z.string().max(500, '解析最长 500 字').default(''),
    basis: ArticleIdSchema,
    /** judge: the phrase of the article the statement rests on. */
    fact: z.string().max(60).optional(),
    /** judge 错: the changed phrase in the stem. */
    wrong: z.string().max(60).optional(),
  })
  .superRefine((it, ctx) => {
    const choice = it.type === 'single' || it.type === 'multiple'
    if (choice && !it.options) ctx.addIssue({ code: 'custom', path: ['options'], message: '选择题需要选项' })
    if (!choice && it.options?.length) ctx.addIssue({ code: 'custom', path: ['options'], message: '判断题和填空题不要选项' })
    if (it.type === 'judge' && it.answer !== '对' && it.answer !== '错') ctx.addIssue({ code: 'custom', path: ['answer'], message: '判断题答案应为“对”或“错”' })
    if (it.type === 'fill' && !it.stem.includes(BLANK)) ctx.addIssue({ code: 'custom', path: ['stem'], message: `填空题题干中要有 ${BLANK}` })
  })
export type QuizItem = z.infer<typeof QuizItemSchema>

/** An item as the bank holds it: where it came from and whether it may be asked. */
export interface BankItem extends QuizItem {
  origin: Origin
  /** Imported banks: the bank name; generated: the regulation. */
  bank: string
  /** ok: checked against the text in force; superseded: rests on a text no longer in force; flagged: a check failed. */
  state: 'ok' | 'superseded' | 'flagged'
  problems: string[]
}

/** How a member's reply is read for an item type; undefined when it is not an answer at all. */
export function readAnswer(type: ItemType, raw: string): string | undefined {
  const t = raw.trim().replace(/^(答案?|我选|选)[：:\s]*/, '')
  if (type === 'single' || type === 'multiple') {
    const letters = t.toUpperCase().replace(/[\s,，、.。]/g, '').replace(/[Ａ-Ｅ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    if (!/^[A-E]{1,5}$/.test(letters)) return undefined
    return [...new Set(letters)].sort().join('')
  }
  if (type === 'judge') {
    if (/^(对|正确|√|✓|是|T|true)$/i.test(t)) return '对'
    if (/^(错|错误|×|✗|x|否|F|false)$/i.test(t)) return '错'
    return undefined
  }
  // Fill: a short reply that is not a command, and never something that looks like a phone, ID or
  // card number (it would be stored with the answers).
  if (!t || t.length > 30 || /^[/／@]/.test(t) || /\d{7,}/.test(t.replace(/[\s-]/g, ''))) return undefined
  return t
}

/** Whether a read answer is correct (fill: ignoring spaces, full stops, and 3 ↔ 三 for small numbers). */
export function isCorrect(it: Pick<QuizItem, 'type' | 'answer'>, given: string): boolean {
  if (it.type === 'fill') return normaliseFill(given) === normaliseFill(it.answer)
  if (it.type === 'single' || it.type === 'multiple') return given === [...it.answer.toUpperCase()].sort().join('')
  return given === it.answer
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
function normaliseFill(s: string): string {
  return s
    .replace(/[\s。．.，,、；;！!]/g, '')
    .replace(/(?<!\d)([0-9]|10)(?!\d)/g, (d) => DIGITS[Number(d)] as string)
    .replace(/两/g, '二')
}
