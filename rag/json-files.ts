/**
 * The project's data folders under regulations/ (catalogue, correspondence): every *.json of a
 * folder, in name order, checked against a zod schema. A missing folder is empty; a file that does
 * not fit says which file and where, in Chinese.
 *
 * @example loadJsonFolder(dir, Schema, '行为目录')
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { z } from 'zod'
import { RagError } from './errors.js'

export function loadJsonFolder<S extends z.ZodType>(dir: string, schema: S, label: string): Array<z.infer<S>> {
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
      if (!p.success) throw new RagError('CATALOG_INVALID', `${label} ${f} 格式错误：${p.error.issues[0]?.path.join('.')} ${p.error.issues[0]?.message}`)
      return p.data
    })
}
