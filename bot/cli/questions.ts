/** Question files (JSON Lines) as ../shared/eval/PROTOCOL.md describes them, validated line by line. */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { UserError } from '../errors.js'

export const QuestionSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  question: z.string().min(1),
  /** Article ids (`<stem>#<n>`), or source keys of documents/cards (e.g. a handbook card id). */
  relevant: z.array(z.string().regex(/^[^\s#]+(#\d+(\.\d+){0,2})?$/, '应为 <文件名>#<条号> 或文件/卡片名')).optional(),
  source: z.string().optional(),
  exclude_documents_from: z.string().optional(),
})
export type Question = z.infer<typeof QuestionSchema>

export function readQuestions(file: string): Question[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new UserError(`无法读取问题集：${file}`)
  }
  const out = parseJsonLines(text, file, QuestionSchema)
  if (!out.length) throw new UserError(`问题集为空：${file}`)
  return out
}


/** JSON Lines checked line by line against a schema; a bad line is a UserError naming the file, the line and every issue. */
export function parseJsonLines<S extends z.ZodType>(text: string, file: string, schema: S): Array<z.infer<S>> {
  const out: Array<z.infer<S>> = []
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return
    let raw: unknown
    try {
      raw = JSON.parse(line)
    } catch {
      throw new UserError(`${file} 第 ${i + 1} 行不是有效的 JSON`)
    }
    const p = schema.safeParse(raw)
    if (!p.success) throw new UserError(`${file} 第 ${i + 1} 行：${p.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('；')}`)
    out.push(p.data)
  })
  return out
}
