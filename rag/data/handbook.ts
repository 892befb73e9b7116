/**
 * Procedure cards: Markdown files with front matter, written by the project in its own words
 * (regulations/handbook). A card answers one procedural question in steps, carries its time limits
 * as data and names the articles it rests on as ProvisionIds. Cards are indexed like documents;
 * this module validates their front matter.
 *
 * @example parseCardMeta({ id: 'x', title: '…', kind: 'card' }, { basis: ['a-2019#21'] })
 */
import { z } from 'zod'
import type { ProvisionId, TimeLimit } from '../types.js'

export const PROVISION_ID = /^[\w.-]+#\d+(\.\d+){0,2}$/

const LimitSchema = z
  .string()
  .transform((s) => s.split('｜').map((x) => x.trim()))
  .pipe(z.tuple([z.string().min(1), z.string().min(1), z.string().min(1), z.string().regex(PROVISION_ID, '期限的依据应为 <文件名>#<条号>')]))
  .transform(([what, limit, from, basis]) => ({ what, limit, from, basis: basis as ProvisionId }) satisfies TimeLimit)

export const CardSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, '卡片 id 只能含小写字母、数字和连字符'),
  title: z.string().min(2),
  topic: z.string().min(1),
  questions: z.array(z.string().min(2)).min(1, '至少写一种常见问法'),
  basis: z.array(z.string().regex(PROVISION_ID, '依据应为 <文件名>#<条号>')).min(1, '卡片必须注明依据条文'),
  limits: z.array(LimitSchema).default([]),
})
export type Card = z.infer<typeof CardSchema>

/** Validates a card's front matter; returns a readable problem instead of throwing. */
export function parseCardMeta(meta: Record<string, string>, lists: Record<string, string[]>): { card?: Card; problem?: string } {
  const r = CardSchema.safeParse({
    id: meta.id,
    title: meta.title,
    topic: meta.topic,
    questions: lists.questions ?? [],
    basis: lists.basis ?? [],
    limits: lists.limits ?? [],
  })
  if (r.success) return { card: r.data }
  return { problem: `办事指引卡片格式错误：${r.error.issues.map((i) => `${i.path.join('.') || '（根）'} ${i.message}`).join('；')}` }
}
