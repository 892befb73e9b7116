/**
 * What kind of question this is, learned from a labelled question bank (regulations/answerability/):
 * answerable from the rules, or one of the kinds the rules never answer (a fact no text states, a
 * neighbouring field's law, an opinion, news, statistics, a task, office matters, small talk).
 *
 * A multinomial logistic regression over hashed character 1–3-grams, trained when the knowledge is
 * opened (10,373 questions and wordings, 1.6–2.5 s by `npm run bench`, 2026-12-07), deterministic: the same bank gives the same
 * weights. Pure apart from `loadBank`.
 *
 * @example const m = trainClassifier(loadBank(dir)); m.predict('帮我写个整改报告').label // 'task'
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { RagError } from '../errors.js'

export const LABELS = ['answerable', 'fact-lacking', 'neighbour', 'opinion', 'news', 'statistic', 'task', 'office', 'chitchat'] as const
export type Label = (typeof LABELS)[number]

/** Other names writers gave a category: read as the label. */
const ALIASES: Readonly<Record<string, Label>> = { everyday: 'chitchat', 'small-talk': 'chitchat', prediction: 'statistic' }

/** What the no-basis reply says a question of each unanswerable kind is (fact-lacking says what is missing instead). */
export const LABEL_WHY: Readonly<Record<Exclude<Label, 'answerable' | 'fact-lacking'>, string>> = {
  neighbour: '人事、财务、刑事诉讼、审判等相邻领域的具体规定',
  opinion: '个人看法、评价或预测',
  news: '具体案件或人员的消息',
  statistic: '统计数字或对人和事的预测',
  task: '写作、翻译等任务',
  office: '人员、机构的名称或联系方式等内部事务',
  chitchat: '纪检监察法规之外的日常事务',
}

/**
 * When the classifier decides (mode `both`; it reads only the question, so the evidence outranks it):
 * a question whose P(unanswerable) reaches `refuse` gets the no-basis reply unless a sentence of the
 * texts holds the specific fact it asks (evidence.ts); one that reaches `doubt`, unless a sentence
 * states a fact of the asked kind near its topic. Measured (npm run eval, tuning sets, 2026-12-06):
 * 0.9/0.7 keeps answerable no-basis at 0.022 on dev-chat, 0 on chat-blind-6b. With the near-miss
 * pairs in the bank (2026-12-07) `refuse` 0.8 refuses one more of fact-b's 40 and no answerable
 * question of the tuning sets (0.7 refuses no more; `doubt` 0.6 costs dev-chat two answers).
 */
export interface AnswerabilityPolicy {
  /** `both`: rules, evidence and the classifier; `rules`: without the classifier; `learned`: the classifier alone (P ≥ `alone`). */
  mode: 'both' | 'rules' | 'learned'
  refuse: number
  doubt: number
  alone: number
}
export const DEFAULT_ANSWERABILITY: AnswerabilityPolicy = { mode: 'both', refuse: 0.8, doubt: 0.7, alone: 0.5 }

const BankLine = z.object({
  id: z.string().min(1),
  question: z.string().min(2).max(400),
  answerable: z.boolean(),
  category: z.string(),
})
export type BankItem = { id: string; question: string; label: Label }

/** Reads every *.jsonl of the bank folder; a line that does not fit is reported with file and line. */
export function loadBank(dir: string): BankItem[] {
  const out: BankItem[] = []
  const problems: string[] = []
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()
  for (const f of files) {
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return
        let raw: unknown
        try {
          raw = JSON.parse(line)
        } catch {
          problems.push(`${f} 第 ${i + 1} 行不是有效的 JSON`)
          return
        }
        const p = BankLine.safeParse(raw)
        if (!p.success) {
          problems.push(`${f} 第 ${i + 1} 行：${p.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('；')}`)
          return
        }
        const label = p.data.answerable ? 'answerable' : (ALIASES[p.data.category] ?? (p.data.category as Label))
        if (!LABELS.includes(label) || (p.data.answerable === false && label === 'answerable')) {
          problems.push(`${f} 第 ${i + 1} 行：类别“${p.data.category}”不在 ${LABELS.join('、')} 之中`)
          return
        }
        out.push({ id: p.data.id, question: p.data.question, label })
      })
  }
  if (problems.length) throw new RagError('CATALOG_INVALID', `问题库 ${dir} 有 ${problems.length} 处错误：\n${problems.slice(0, 20).join('\n')}`)
  const ids = new Set<string>()
  for (const b of out) {
    if (ids.has(b.id)) throw new RagError('CATALOG_INVALID', `问题库 ${dir} 中编号 ${b.id} 重复`)
    ids.add(b.id)
  }
  return out
}

const BITS = 18
const DIM = 1 << BITS

/** FNV-1a over the UTF-16 code units, into DIM buckets. */
function bucket(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0) & (DIM - 1)
}

/** Hashed character 1–3-grams of a question (punctuation and spaces out, Latin letters lower-cased), L2-normalised. */
export function features(q: string): { idx: Int32Array; val: Float32Array } {
  const t = `^${q.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '').slice(0, 300)}$`
  const set = new Set<number>()
  for (let n = 1; n <= 3; n++) for (let i = 0; i + n <= t.length; i++) set.add(bucket(`${n}:${t.slice(i, i + n)}`))
  const idx = Int32Array.from(set)
  const v = 1 / Math.sqrt(idx.length || 1)
  return { idx, val: new Float32Array(idx.length).fill(v) }
}

export interface Prediction {
  label: Label
  /** Probability of each label. */
  p: Record<Label, number>
  /** 1 − P(answerable). */
  unanswerable: number
}

export interface Classifier {
  predict(q: string): Prediction
  readonly size: number
}

export interface TrainOptions {
  epochs?: number
  /** Adagrad learning rate. */
  rate?: number
  /** L2 penalty per update. */
  l2?: number
}

/** Deterministic pseudo-random numbers (mulberry32), for the order of the training passes. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Trains the softmax regression with Adagrad, answerable and not answerable weighted equally in
 * total (the bank holds more of one than the other).
 */
export function trainClassifier(bank: readonly BankItem[], o: TrainOptions = {}): Classifier {
  const K = LABELS.length
  const W = new Float32Array(DIM * K)
  const G = new Float32Array(DIM * K).fill(1e-8)
  const bias = new Float64Array(K)
  const rate = o.rate ?? 0.5
  const l2 = o.l2 ?? 1e-5
  const data = bank.map((b) => ({ x: features(b.question), y: LABELS.indexOf(b.label) }))
  const nAns = data.filter((d) => d.y === 0).length
  const nNot = data.length - nAns
  const weightOf = (y: number) => (y === 0 ? data.length / (2 * Math.max(1, nAns)) : data.length / (2 * Math.max(1, nNot)))
  const order = data.map((_, i) => i)
  const rand = rng(20)
  const scores = new Float64Array(K)
  const forward = (x: { idx: Int32Array; val: Float32Array }) => {
    let max = -Infinity
    for (let k = 0; k < K; k++) {
      let s = bias[k] as number
      for (let j = 0; j < x.idx.length; j++) s += (W[(x.idx[j] as number) * K + k] as number) * (x.val[j] as number)
      scores[k] = s
      if (s > max) max = s
    }
    let z = 0
    for (let k = 0; k < K; k++) z += scores[k] = Math.exp((scores[k] as number) - max)
    for (let k = 0; k < K; k++) scores[k] = (scores[k] as number) / z
    return scores
  }
  for (let e = 0; e < (o.epochs ?? 12); e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1))
      ;[order[i], order[j]] = [order[j] as number, order[i] as number]
    }
    for (const i of order) {
      const d = data[i] as (typeof data)[number]
      const p = forward(d.x)
      const w = weightOf(d.y)
      for (let k = 0; k < K; k++) {
        const g = ((p[k] as number) - (k === d.y ? 1 : 0)) * w
        bias[k] = (bias[k] as number) - rate * 0.1 * g
        for (let j = 0; j < d.x.idx.length; j++) {
          const at = (d.x.idx[j] as number) * K + k
          const gj = g * (d.x.val[j] as number) + l2 * (W[at] as number)
          G[at] = (G[at] as number) + gj * gj
          W[at] = (W[at] as number) - (rate * gj) / Math.sqrt(G[at] as number)
        }
      }
    }
  }
  return {
    size: data.length,
    predict(q: string): Prediction {
      const p = forward(features(q))
      const out = {} as Record<Label, number>
      let best = 0
      LABELS.forEach((l, k) => {
        out[l] = p[k] as number
        if ((p[k] as number) > (p[best] as number)) best = k
      })
      return { label: LABELS[best] as Label, p: out, unanswerable: 1 - (out.answerable ?? 0) }
    },
  }
}
