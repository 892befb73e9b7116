/**
 * The project's data folders under regulations/ (catalogue, correspondence): every *.json of a
 * folder, in name order, checked against a zod schema. A missing folder is empty; a file that does
 * not fit says which file and every place that does not, in Chinese.
 *
 * @example loadJsonFolder(dir, Schema, '行为目录')
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { z } from 'zod'
import { RagError } from '../errors.js'

export function loadJsonFolder<S extends z.ZodType>(dir: string, schema: S, label: string): Array<z.infer<S>> {
  return loadNamedJsonFolder(dir, schema, label).map((x) => x.data)
}

/** Like loadJsonFolder, with each file's name beside its data (for messages that point into a file). */
export function loadNamedJsonFolder<S extends z.ZodType>(dir: string, schema: S, label: string): Array<{ file: string; data: z.infer<S> }> {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      let raw: unknown
      try {
        raw = JSON.parse(readFileSync(join(dir, f), 'utf8'))
      } catch (cause) {
        throw new RagError('CATALOG_INVALID', `${label} ${f} 不是有效的 JSON`, { cause })
      }
      const p = schema.safeParse(raw)
      if (!p.success) throw new RagError('CATALOG_INVALID', `${label} ${f} 格式错误（${p.error.issues.length} 处）：\n${issueLines(p.error.issues)}`)
      return { file: f, data: p.data as z.infer<S> }
    })
}

/** Every issue of a zod error, one per line, with its path ("articles.3.says.0"), the first 20. */
export function issueLines(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, max = 20): string {
  const lines = issues.slice(0, max).map((i) => `  ${i.path.map(String).join('.') || '（根）'}：${i.message}`)
  if (issues.length > max) lines.push(`  ……另有 ${issues.length - max} 处`)
  return lines.join('\n')
}

/** Keys that occur more than once, with the places they occur ("第3条：articles.2, articles.7"). */
export function duplicates<T>(items: readonly T[], key: (t: T) => string): Array<{ key: string; at: number[] }> {
  const seen = new Map<string, number[]>()
  items.forEach((t, i) => seen.set(key(t), [...(seen.get(key(t)) ?? []), i]))
  return [...seen].filter(([, at]) => at.length > 1).map(([k, at]) => ({ key: k, at }))
}
