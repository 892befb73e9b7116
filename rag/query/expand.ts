/**
 * Expansion of colloquial wording to the wording of the rules (一把手 → 主要负责人, 举报信 → 检举控告,
 * 多久 → 期限 …) from the dictionary the project writes in regulations/synonyms.json.
 *
 * @example expansions('一把手谈话要谁批', syn) // ['主要负责人', '党委主要负责人', '批准', '审批']
 */
import { issueLines } from '../data/json-files.js'
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { RagError } from '../errors.js'

export const SynonymsSchema = z.object({
  $comment: z.string().optional(),
  terms: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)),
})
export type Synonyms = Map<string, string[]>

export function loadSynonyms(file: string): Synonyms {
  const parsed = SynonymsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  if (!parsed.success) throw new RagError('CATALOG_INVALID', `同义词表 ${file} 格式错误（${parsed.error.issues.length} 处）：\n${issueLines(parsed.error.issues)}`)
  return new Map(Object.entries(parsed.data.terms))
}

/** Rule wordings for the colloquial keys found in the question (longest keys first, no overlaps). */
export function expansions(question: string, syn: Synonyms): string[] {
  const keys = [...syn.keys()].sort((a, b) => b.length - a.length)
  const out = new Set<string>()
  let rest = question
  for (const k of keys) {
    if (!rest.includes(k)) continue
    for (const v of syn.get(k) ?? []) if (!question.includes(v)) out.add(v)
    rest = rest.split(k).join('\u0000')
  }
  return [...out]
}
