/**
 * Whether the knowledge base can answer at all, decided first by the domain of the question and by
 * what it asks (with 6,000 everyday descriptions in the catalogue and 1,800 practice documents,
 * almost any question shares words with something). The rules are data
 * (`regulations/basis-rules.json`, one comment and examples per rule); the evidence check
 * (`evidence.ts`) then decides whether the texts found hold what is asked.
 *
 * Two things put a question outside the knowledge base here:
 * 1. **What it asks** (`outside`): a task for the assistant, who holds an office, news, statistics,
 *    opinions and small talk, computer help, office life, ordinary civil law. Each rule has guards
 *    so that a case's facts are not taken for it ("把单位投影仪搬回家" is misconduct, not computer help).
 * 2. **No anchor in the domain** (`anchored`): no institution or procedure of the domain, no person
 *    with public power, no typical object of misconduct, no 定性 question and no quiz item's form.
 *
 * @example const rules = BasisRules.load(file); rules.outside('帮我写一篇心得体会') // '写作、翻译等任务'
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { RagError } from '../errors.js'
import { QUIZ_FORM, intentsOf } from '../query/intent.js'

export type Support = 'answer' | 'weak' | 'none'

export interface BasisInput {
  question: string
  /** 0..1: share of the question's weighted terms found in the best articles (text or catalogue field). */
  coverage: number
  /** An exact article reference resolved to an article. */
  lookup?: boolean
}

export interface BasisPolicy {
  /** Coverage at which the texts clearly cover the question (the catalogue hint is not needed). */
  strong: number
  /** Coverage enough to answer a question in the domain; below it, a weak (possibly relevant) answer. */
  domain: number
}

export const DEFAULT_BASIS: BasisPolicy = { strong: 0.34, domain: 0.12 }

const GUARDS = ['misconduct', 'conduct', 'actor', 'intent'] as const
type Guard = (typeof GUARDS)[number]

const Alternatives = z.array(z.string().min(1)).min(1)
const ClauseSchema = z.object({
  any: Alternatives,
  also: Alternatives.optional(),
  unless: z.array(z.enum(GUARDS)).optional(),
})
const RuleSchema = z.object({
  id: z.string().regex(/^[a-z-]+$/),
  why: z.string().min(2),
  comment: z.string().min(10),
  when: z.array(ClauseSchema).min(1),
  examples: z.array(z.string().min(2)).min(1),
  nonExamples: z.array(z.string().min(2)).default([]),
})
export const BasisRulesSchema = z.object({
  $comment: z.string().optional(),
  lexicons: z.object({
    institution: z.object({ comment: z.string(), any: Alternatives }),
    actor: z.object({ comment: z.string(), any: Alternatives }),
    conduct: z.object({ comment: z.string(), any: Alternatives }),
    misconduct: z.object({ comment: z.string(), any: Alternatives }),
    title: z.object({ comment: z.string(), any: Alternatives }),
    neighbour: z.object({ comment: z.string(), any: Alternatives }),
  }),
  rules: z.array(RuleSchema).min(1),
})
export type BasisRulesData = z.infer<typeof BasisRulesSchema>
export type BasisRule = z.infer<typeof RuleSchema>

interface Clause {
  any: RegExp
  also?: RegExp
  unless: Guard[]
}

/** The rules of `regulations/basis-rules.json`, compiled. */
export class BasisRules {
  readonly rules: Array<{ id: string; why: string; clauses: Clause[] }>
  private readonly institution: RegExp
  private readonly actor: RegExp
  private readonly conduct: RegExp
  private readonly misconduct: RegExp
  private readonly neighbour: RegExp

  constructor(readonly data: BasisRulesData) {
    const lex = data.lexicons
    const groups = Object.fromEntries(Object.entries(lex).map(([k, v]) => [k, `(${v.any.join('|')})`]))
    const compile = (alts: string[], where: string) => {
      const src = alts.join('|').replace(/\{(\w+)\}/g, (m, k: string) => {
        const g = groups[k]
        if (!g) throw new RagError('CATALOG_INVALID', `依据规则 ${where} 引用了不存在的词表 {${k}}`)
        return g
      })
      try {
        return new RegExp(src)
      } catch (cause) {
        throw new RagError('CATALOG_INVALID', `依据规则 ${where} 的正则表达式无效：${(cause as Error).message}`, { cause })
      }
    }
    this.institution = compile(lex.institution.any, 'lexicons.institution')
    this.actor = compile(lex.actor.any, 'lexicons.actor')
    this.conduct = compile(lex.conduct.any, 'lexicons.conduct')
    this.misconduct = compile(lex.misconduct.any, 'lexicons.misconduct')
    this.neighbour = new RegExp(compile(lex.neighbour.any, 'lexicons.neighbour').source, 'g')
    this.rules = data.rules.map((r) => ({
      id: r.id,
      why: r.why,
      clauses: r.when.map((c, i) => ({
        any: compile(c.any, `${r.id}.when.${i}.any`),
        ...(c.also ? { also: compile(c.also, `${r.id}.when.${i}.also`) } : {}),
        unless: c.unless ?? [],
      })),
    }))
  }

  /** Reads and checks the rules file; every problem is reported with its path. */
  static load(file: string): BasisRules {
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'))
    } catch (cause) {
      throw new RagError('CATALOG_INVALID', `依据规则 ${file} 无法读取或不是有效的 JSON`, { cause })
    }
    const p = BasisRulesSchema.safeParse(raw)
    if (!p.success) throw new RagError('CATALOG_INVALID', `依据规则 ${file} 格式错误：${p.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`)
    const ids = p.data.rules.map((r) => r.id)
    const dup = ids.find((id, i) => ids.indexOf(id) !== i)
    if (dup) throw new RagError('CATALOG_INVALID', `依据规则 ${file} 中规则 ${dup} 重复`)
    return new BasisRules(p.data)
  }

  /** The question tells of misconduct or asks how to qualify conduct. */
  aboutMisconduct(q: string): boolean {
    return this.misconduct.test(q) || intentsOf(q).includes('qualify')
  }

  /** The question is about conduct or the domain's procedures: everyday words in it are the case's facts. */
  aboutConduct(q: string): boolean {
    return this.institution.test(q) || this.aboutMisconduct(q)
  }

  private guarded(g: Guard, q: string): boolean {
    if (g === 'misconduct') return this.aboutMisconduct(q)
    if (g === 'conduct') return this.aboutConduct(q)
    if (g === 'actor') return this.actor.test(q)
    return intentsOf(q).length > 0
  }

  /** The rule a question falls under, or undefined. */
  match(q: string): { id: string; why: string } | undefined {
    const r = this.rules.find((r) => r.clauses.some((c) => c.any.test(q) && (!c.also || c.also.test(q)) && !c.unless.some((g) => this.guarded(g, q))))
    return r && { id: r.id, why: r.why }
  }

  /** The reason a question is outside what the knowledge base answers, or undefined. */
  outside(q: string): string | undefined {
    return this.match(q)?.why
  }

  /** Terms of a neighbouring field the text names (personnel, finance, criminal procedure …), as written. */
  neighbourTerms(text: string): string[] {
    return [...new Set([...text.matchAll(this.neighbour)].map((m) => m[0]))]
  }

  /** The question names something of the discipline-inspection domain. */
  anchored(q: string): boolean {
    return this.institution.test(q) || this.actor.test(q) || this.conduct.test(q) || QUIZ_FORM.test(q) || this.aboutMisconduct(q)
  }

  judge(s: BasisInput, p: BasisPolicy = DEFAULT_BASIS): { support: Support; outside?: string } {
    if (s.lookup) return { support: 'answer' }
    const outside = this.outside(s.question)
    if (outside) return { support: 'none', outside }
    if (!this.anchored(s.question)) return { support: 'none' }
    return { support: s.coverage >= p.domain ? 'answer' : 'weak' }
  }
}
