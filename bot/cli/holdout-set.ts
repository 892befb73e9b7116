/**
 * A held-out practitioner question set from the raw CCDI Q&A records (see bot/cli/holdout.ts).
 */
import { z } from 'zod'
import { type Catalog, shortTitle } from '../../rag/index.js'
import { inForceOn } from '../../rag/index.js'
import { UserError } from '../errors.js'

/** The regulations the dev set labels (SOURCES.md "target regulations", plus 政务处分法). */
export const TARGET_FAMILIES = ['jilv-chufen-tiaoli', 'jiandu-zhiji-guize', 'jianchafa', 'jianchafa-shishi-tiaoli', 'xunshi-gongzuo-tiaoli', 'jianju-konggao-guize', 'zhengwu-chufen-fa']

const RawRecord = z.looseObject({
  id: z.string(),
  kind: z.string().optional(),
  question: z.string().min(1),
  context: z.string().nullish(),
  published: z.string().nullish(),
  published_month_from_image_url: z.string().nullish(),
  cited_provisions: z.array(z.looseObject({ law: z.string().nullish(), article: z.number().int().positive().nullish() })).default([]),
  provenance: z.looseObject({ path: z.string() }).optional(),
})

export interface HoldoutQuestion {
  id: string
  question: string
  relevant: string[]
  source: 'holdout-dated' | 'holdout-undated'
  kind?: string
  exclude_documents_from?: string
}

/** Held-out questions from raw records; `present` tells whether a regulation stem has a text here. */
export function buildHoldout(raw: unknown[], devIds: Set<string>, catalog: Catalog, present: (stem: string) => boolean): HoldoutQuestion[] {
  const out: HoldoutQuestion[] = []
  raw.forEach((row, i) => {
    const p = RawRecord.safeParse(row)
    if (!p.success) throw new UserError(`原始问题集第 ${i + 1} 条格式不符：${p.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('；')}`)
    const r = p.data
    if (devIds.has(r.id)) return
    const date = r.published ?? r.published_month_from_image_url ?? ''
    const relevant = new Set<string>()
    for (const c of r.cited_provisions) {
      const family = c.law ? (catalog.resolveName(c.law) ?? catalog.resolveName(shortTitle(c.law))) : undefined
      if (!family || !c.article || !TARGET_FAMILIES.includes(family.id)) continue
      let stems = family.versions.map((v) => v.stem).filter((s): s is string => !!s && present(s))
      if (date) {
        const inForce = inForceOn(family.versions, date)
        stems = inForce?.stem && present(inForce.stem) ? [inForce.stem] : []
      }
      for (const s of stems) relevant.add(`${s}#${c.article}`)
    }
    if (!relevant.size) return
    const question = r.kind === 'case_analysis' && r.context ? `${r.context}\n${r.question}` : r.question
    out.push({ id: r.id, question, relevant: [...relevant].sort(), source: date ? 'holdout-dated' : 'holdout-undated', kind: r.kind, exclude_documents_from: r.provenance?.path })
  })
  return out
}
