/**
 * Test helper (not shipped): the third-party bank ../shared/eval/jiweitest_bank.jsonl as the sheet
 * a trainer would import: its single and multiple choice items, 依据 written as 《标题》第N条.
 */
import { readFileSync } from 'node:fs'
import { writeXlsx } from '../../bot/office/sheets.js'
import { QUIZ_HEADERS } from '../../bot/office/quiz/sheet.js'

interface Raw {
  id: string
  type: string
  source_title: string
  question: string
  options?: string[]
  answer_letters?: string
  answer?: string | string[]
  explanation?: string
  cited_articles?: number[]
}

export function jiweitestSheet(file: string): { xlsx: Uint8Array; rows: number } {
  const raws = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Raw)
  const rows: string[][] = [[...QUIZ_HEADERS]]
  for (const r of raws) {
    if ((r.type !== 'single_choice' && r.type !== 'multiple_choice') || !r.options?.length || !r.cited_articles?.length) continue
    const opts = [...r.options.slice(0, 5)]
    while (opts.length < 5) opts.push('')
    rows.push([r.id.replace(/[^A-Za-z0-9_-]/g, '-'), r.type === 'single_choice' ? '单选' : '多选', '', r.question, ...opts, r.answer_letters || (Array.isArray(r.answer) ? r.answer.join('；') : (r.answer ?? '')), (r.explanation ?? '').slice(0, 400), `《${r.source_title}》第${r.cited_articles[0]}条`])
  }
  return { xlsx: writeXlsx([{ name: '题库', rows }]), rows: rows.length - 1 }
}
