/**
 * Items generated from the official texts once they are ingested: for each article of a
 * regulation in force, the sentences that state a time limit, an approving body or a sanction range
 * become a fill-in, a true/false item with one fact changed, or a single choice whose distractors
 * are facts of the same kind from sibling articles. A candidate is kept only when:
 *
 * - the fact occurs exactly once in its sentence (so the blank has one reading);
 * - no distractor occurs anywhere in the article (one defensible answer; with none left, the fact
 *   becomes a fill-in instead);
 * - the finished item passes every check of check.ts against the article.
 * Rejections are counted per check, per regulation, for the report.
 *
 * @example const { items, stats } = generateItems(articles)
 */
import { createHash } from 'node:crypto'
import { type ArticleSource, type ArticleText, checkItem, norm } from './check.js'
import { BLANK, type QuizItem } from './model.js'

export type FactKind = 'limit' | 'approval' | 'sanction'

const FACTS: Array<{ kind: FactKind; re: RegExp; group: number; topic: string }> = [
  { kind: 'limit', re: /[一二三四五六七八九十百两]+个?(?:工作日|日|天|个月|年|小时)/g, group: 0, topic: '时限' },
  // An approving body: a named organ or office, then 批准/同意 ("经上一级监察机关批准").
  { kind: 'approval', re: /(?:报经|经|报请)((?:(?!批准|同意|擅自|未经|或者)[\u4e00-\u9fff]){0,10}(?:机关|纪委|监委|党委|党组|常委会|委员会|党组织|部门|负责人|领导人员|领导小组)(?:主要负责人|集体研究|审查|审议)?(?:批准|同意))/g, group: 1, topic: '审批' },
  { kind: 'sanction', re: /给予((?:警告|严重警告|记过|记大过|降级|撤职|开除|撤销党内职务|留党察看|开除党籍)(?:[、或者直至和]{1,3}(?:警告|严重警告|记过|记大过|降级|撤职|开除|撤销党内职务|留党察看|开除党籍))*)(?:处分)/g, group: 1, topic: '处分幅度' },
]

export type Rejection = 'fact-repeated' | 'sentence-length' | 'check-failed'
export const REJECTION_LABELS: Record<Rejection, string> = {
  'fact-repeated': '同一句中该事实出现不止一次（填空有歧义）',
  'sentence-length': '句子过短或过长',
  'check-failed': '成题后未通过逐条核对',
}

export interface GenerationStats {
  /** Per regulation text key. */
  byRegulation: Map<string, { title: string; candidates: number; kept: number; rejected: Record<Rejection, number>; /** Wanted as choice or true/false, made a fill-in: every fact of its kind here also occurs in the article. */ downgraded: number }>
}

export interface GenArticle extends ArticleText {
  /** Key of the regulation text (file stem). */
  source: string
  /** Short title, e.g. 监察法. */
  short: string
}

interface Candidate {
  article: GenArticle
  kind: FactKind
  topic: string
  sentence: string
  fact: string
}

const seeded = (s: string) => createHash('sha256').update(s).digest().readUInt32BE(0)

/**
 * The sentences of an article, each able to stand alone as a question: a sentence that continues
 * the one before ("情节较重的，给予……") carries it along, and list markers ("（五）") are dropped.
 */
function sentences(text: string): Array<{ text: string; from: number }> {
  const raw = text
    .replace(/^第[^条]{1,8}条\s*/, '')
    .split(/(?<=[。；])|\n+/)
    .map((s) => s.trim().replace(/^[（(][一二三四五六七八九十]+[）)]\s*/, ''))
    .filter(Boolean)
  const out: Array<{ text: string; from: number }> = []
  let lead = ''
  for (const s of raw) {
    // `from`: where the sentence's own words start (facts are taken from there on, not from the lead).
    if (/^(情节较轻|情节较重|情节严重|情节特别严重|有前款|犯前款|前款|其中)/.test(s) && lead) out.push({ text: `${lead}${s}`, from: lead.length })
    else {
      out.push({ text: s, from: 0 })
      lead = s
    }
  }
  return out
}

export function generateItems(articles: GenArticle[], src: ArticleSource): { items: QuizItem[]; stats: GenerationStats } {
  const stats: GenerationStats = { byRegulation: new Map() }
  const stat = (a: GenArticle) => {
    let s = stats.byRegulation.get(a.source)
    if (!s) stats.byRegulation.set(a.source, (s = { title: a.short, candidates: 0, kept: 0, rejected: { 'fact-repeated': 0, 'sentence-length': 0, 'check-failed': 0 }, downgraded: 0 }))
    return s
  }
  // Facts of each kind per regulation: the pool distractors come from.
  const pools = new Map<string, Set<string>>()
  const candidates: Candidate[] = []
  for (const a of articles) {
    for (const { text: sentence, from } of sentences(a.text)) {
      for (const f of FACTS) {
        for (const m of sentence.matchAll(f.re)) {
          if ((m.index ?? 0) < from) continue
          const fact = (m[f.group] ?? '').trim()
          if (fact.length < 2) continue
          const pool = pools.get(`${a.source}:${f.kind}`) ?? new Set<string>()
          pool.add(fact)
          pools.set(`${a.source}:${f.kind}`, pool)
          candidates.push({ article: a, kind: f.kind, topic: f.topic, sentence, fact })
        }
      }
    }
  }
  const items: QuizItem[] = []
  const seen = new Set<string>()
  for (const c of candidates) {
    const s = stat(c.article)
    s.candidates++
    if (c.sentence.split(c.fact).length !== 2) {
      s.rejected['fact-repeated']++
      continue
    }
    if (c.sentence.length < 12 || c.sentence.length > 160) {
      s.rejected['sentence-length']++
      continue
    }
    const text = norm(c.article.text)
    const sameUnit = (x: string) => c.kind !== 'limit' || x.replace(/^[一二三四五六七八九十百两]+个?/, '') === c.fact.replace(/^[一二三四五六七八九十百两]+个?/, '')
    const pool = [...(pools.get(`${c.article.source}:${c.kind}`) ?? [])].filter((x) => x !== c.fact && sameUnit(x))
    const distractors = pool.filter((x) => !text.includes(norm(x)))
    const h = seeded(`${c.article.id}|${c.sentence}|${c.fact}`)
    const pickD = (n: number) => [...distractors].sort((x, y) => seeded(x + h) - seeded(y + h)).slice(0, n)
    const lead = `《${c.article.short}》${c.article.cite.replace(/^《[^》]*》/, '')}规定：`
    const blanked = c.sentence.replace(c.fact, BLANK)
    const id = `gen-${c.article.id.replace('#', '-')}-${(h % 100000).toString(36)}`
    if (seen.has(id)) continue
    seen.add(id)
    // One kind of item per fact, chosen by the hash: a third each where distractors allow.
    const want = h % 3
    let it: QuizItem
    if (want === 1 && distractors.length >= 3) {
      const opts = [c.fact, ...pickD(3)].sort((x, y) => seeded(x + id) - seeded(y + id))
      it = { id, type: 'single', topic: c.topic, stem: `${lead}${blanked}`, options: opts, answer: 'ABCD'[opts.indexOf(c.fact)] as string, explanation: `依据${c.article.cite}。`, basis: c.article.id }
    } else if (want === 2 && distractors.length >= 1) {
      const isTrue = h % 2 === 0
      const wrong = pickD(1)[0] as string
      it = isTrue
        ? { id, type: 'judge', topic: c.topic, stem: `${lead}${c.sentence}`, answer: '对', fact: c.fact, explanation: `依据${c.article.cite}。`, basis: c.article.id }
        : { id, type: 'judge', topic: c.topic, stem: `${lead}${c.sentence.replace(c.fact, wrong)}`, answer: '错', fact: c.fact, wrong, explanation: `${c.article.cite}写的是“${c.fact}”，不是“${wrong}”。`, basis: c.article.id }
    } else {
      if (want !== 0) s.downgraded++
      it = { id, type: 'fill', topic: c.topic, stem: `${lead}${blanked}`, answer: c.fact, explanation: `依据${c.article.cite}。`, basis: c.article.id }
    }
    if (checkItem(it, src).length) {
      s.rejected['check-failed']++
      continue
    }
    s.kept++
    items.push(it)
  }
  return { items, stats }
}
