/**
 * Prompt templates kept as files. `render` fills {{name}} slots; PROMPT_VERSION changes whenever
 * a template changes, so that logs can say which prompt produced an answer.
 *
 * @example render('answer', { materials: '[1] …', question: '…' })
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Bump when any template below changes. */
export const PROMPT_VERSION = 'answer-v2'

export type TemplateName = 'answer' | 'answer-system' | 'rewrite'

const cache = new Map<string, string>()

export function template(name: TemplateName): string {
  let t = cache.get(name)
  if (!t) {
    t = readFileSync(join(import.meta.dirname, `${name}.md`), 'utf8')
    cache.set(name, t)
  }
  return t
}

/** Fills {{slot}}s; material text cannot open new slots because values are inserted once. */
export function render(name: TemplateName, values: Record<string, string> = {}): string {
  return template(name).replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '')
}
