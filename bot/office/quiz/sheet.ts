/**
 * Question banks as sheets (.xlsx or .csv): 编号, 题型, 主题, 题干, 选项A–E, 答案, 解析, 依据.
 * Reading is all or nothing for the form of each row (a row error names the row and the column);
 * what the rows say is checked against the texts afterwards (check.ts) and reported, so a
 * trainer can fix a bad bank: rows that fail those checks are kept but never asked.
 *
 * 依据 is an article id (jianchafa-2024#48) or a reference as people write it (《监察法》第四十八条,
 * 监察法第48条), resolved to the text in force; one that resolves to nothing is kept as written and
 * reported as an unknown article.
 */
import { type Cell, type RowError, type Workbook, MAX_ROWS, mapHeader } from '../sheets.js'
import { BLANK, LETTERS, type QuizItem, QuizItemSchema, TYPE_LABELS, typeOf } from './model.js'

export const QUIZ_COLUMNS = {
  id: ['编号', '题号'],
  type: ['题型'],
  topic: ['主题', '专题', '分类'],
  stem: ['题干', '题目'],
  a: ['选项A', 'A'],
  b: ['选项B', 'B'],
  c: ['选项C', 'C'],
  d: ['选项D', 'D'],
  e: ['选项E', 'E'],
  answer: ['答案', '正确答案'],
  explanation: ['解析', '说明'],
  basis: ['依据', '依据条文', '出处'],
} as const
export const QUIZ_HEADERS = ['编号', '题型', '主题', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '答案', '解析', '依据'] as const

const COLUMN_NAMES: Record<string, string> = { id: '编号', type: '题型', topic: '主题', stem: '题干', options: '选项', answer: '答案', explanation: '解析', basis: '依据' }

export type QuizSheetResult = { ok: true; items: QuizItem[] } | { ok: false; errors: RowError[] }

/**
 * Reads a bank. `resolveBasis` turns what the 依据 cell says into an article id, or undefined when
 * it names no article at all (an unknown article is a content problem, reported later: the id is
 * kept as written when it has the id form).
 */
export function readQuizSheet(wb: Workbook, bankName: string, resolveBasis: (text: string) => string | undefined): QuizSheetResult {
  const sheet = wb.sheets[0]
  const h = sheet ? mapHeader(sheet.rows, QUIZ_COLUMNS) : undefined
  if (!sheet || !h) return { ok: false, errors: [{ row: 1, column: '-', reason: '表格为空' }] }
  const { headerRow, index } = h
  const missing = (['type', 'stem', 'answer', 'basis'] as const).filter((f) => index[f] < 0)
  if (missing.length) return { ok: false, errors: [{ row: headerRow + 1, column: missing.map((f) => QUIZ_COLUMNS[f][0]).join('、'), reason: `缺少必需的列（表头应为：${QUIZ_HEADERS.join('、')}）` }] }
  if (sheet.rows.length - headerRow - 1 > MAX_ROWS) return { ok: false, errors: [{ row: 0, column: '-', reason: `行数超过 ${MAX_ROWS}，请分批导入` }] }
  const errors: RowError[] = []
  const items: QuizItem[] = []
  const ids = new Map<string, number>()
  const prefix = bankName.replace(/[^\p{L}\p{N}_-]/gu, '').slice(0, 20) || 'bank'
  for (let r = headerRow + 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] as Cell[]
    if (!row.some((c) => c.text.trim())) continue
    const rowNo = r + 1
    const text = (f: keyof typeof QUIZ_COLUMNS) => (index[f] >= 0 ? (row[index[f]]?.text ?? '').trim() : '')
    if ((Object.keys(QUIZ_COLUMNS) as Array<keyof typeof QUIZ_COLUMNS>).some((f) => index[f] >= 0 && row[index[f]]?.formula)) {
      errors.push({ row: rowNo, column: '-', reason: '含公式，请改为文字后再导入' })
      continue
    }
    const type = typeOf(text('type'))
    if (!type) {
      errors.push({ row: rowNo, column: '题型', reason: `无法识别的题型“${text('type').slice(0, 10)}”：请写单选、多选、判断或填空` })
      continue
    }
    const options = (['a', 'b', 'c', 'd', 'e'] as const).map((f) => text(f)).filter(Boolean)
    let answer = text('answer').replace(/\s+/g, '')
    if (type === 'single' || type === 'multiple') {
      // The answer may be written as the option's text: turn it into its letter.
      const at = options.findIndex((o) => o.replace(/\s+/g, '') === answer)
      answer = at >= 0 ? (LETTERS[at] as string) : answer.toUpperCase().replace(/[,，、]/g, '')
    }
    if (type === 'judge') answer = /^(对|正确|√|是|T|true)$/i.test(answer) ? '对' : /^(错|错误|×|否|F|false)$/i.test(answer) ? '错' : answer
    let stem = text('stem')
    // A fill-in blank may be written as （ ）, ( ) or ___: one form for the bot.
    if (type === 'fill') stem = stem.replace(/_{2,}|（\s*）|\(\s*\)/, BLANK)
    const basisText = text('basis')
    // A citation that names no article here is kept as written: the check reports it as unknown.
    const basis = basisText ? (resolveBasis(basisText) ?? basisText) : undefined
    const id = text('id') || `${prefix}-${String(rowNo - headerRow - 1).padStart(4, '0')}`
    const p = QuizItemSchema.safeParse({
      id, type, topic: text('topic') || TYPE_LABELS[type], stem, answer, explanation: text('explanation'), basis,
      ...(type === 'single' || type === 'multiple' ? { options } : {}),
    })
    if (!p.success) {
      for (const i of p.error.issues) errors.push({ row: rowNo, column: COLUMN_NAMES[String(i.path[0])] ?? '-', reason: i.path[0] === 'basis' && basis === undefined ? '依据必填' : i.message })
      continue
    }
    const dup = ids.get(id)
    if (dup) {
      errors.push({ row: rowNo, column: '编号', reason: `与第 ${dup} 行编号相同` })
      continue
    }
    ids.set(id, rowNo)
    items.push(p.data)
  }
  if (errors.length) return { ok: false, errors }
  if (!items.length) return { ok: false, errors: [{ row: headerRow + 2, column: '-', reason: '表头下没有数据行' }] }
  return { ok: true, items }
}

/** Items as sheet rows (for the template and for exporting a bank). */
export function quizRows(items: QuizItem[], citeOf: (basis: string) => string): string[][] {
  return [
    [...QUIZ_HEADERS],
    ...items.map((it) => {
      const opts = [...(it.options ?? [])]
      while (opts.length < 5) opts.push('')
      return [it.id, TYPE_LABELS[it.type], it.topic, it.stem, ...opts, it.answer, it.explanation, citeOf(it.basis)]
    }),
  ]
}
