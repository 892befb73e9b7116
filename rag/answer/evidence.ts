/**
 * Whether the articles found hold what the question asks (asked.ts): for each asked part, the
 * sentence of a candidate article that holds a fact of the asked kind (a number of days for a time
 * limit, an organ that approves for an approver, a sanction name for a sanction, a sum of money for
 * an amount …) about the question's topic. Pure functions of the texts.
 *
 * - `holds`: a sentence has the fact and the topic;
 * - `thin`: the topic is there but not the fact (or the fact with little of the topic);
 * - `absent`: no candidate sentence has a fact of the asked kind near the topic.
 *
 * @example checkPart(part, [{ id, text }], synonyms).status // 'holds' | 'thin' | 'absent'
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { RagError } from '../errors.js'
import { type AskedPart, type FactKind, searchTopic, weakTopic } from '../query/asked.js'
import type { Synonyms } from '../query/expand.js'
import { checkDictionary } from '../index/tokenize.js'
import { bigramShare } from '../ingest/citations.js'

const NUM = '[0-9０-９零〇一二三四五六七八九十百千万两]+'

/** A fact of each kind, as the rules write it. */
export const FACT: Record<FactKind, RegExp> = {
  'time-limit': new RegExp(`${NUM}个?(工作日|日|天|个月|月|年|小时|周)|立即|及时|当日|当天|即日|即时|第一时间|届满前|期满前|期满后|之日起`),
  approver: /批准|审批|同意|签批|报批|审定|批示|报请|由[^。；]{1,24}(决定|审核|审查)|(研究|集体)决定|经[^。；]{1,24}决定/,
  sanction: /警告|记过|记大过|降级|撤职|开除|撤销党内职务|留党察看|诫勉|批评教育|责令检查|通报批评|组织处理|处分|问责|追究|免职|调离|辞退|解聘/,
  procedure: /应当|可以|由|报|进行|按照|依照|依据|组织|提出|作出|决定|办理|移送|送达|通知|告知|审查|调查|核实|处置|处理/,
  condition: /下列|情形|情况|条件|可以|不得|应当|必须|禁止|不能|方可|除外|经[^。；]{0,24}(批准|同意)|根据|依照|需要|确需|严重|涉嫌/,
  amount: new RegExp(`${NUM}(元|万元|块钱)|百分之${NUM}|${NUM}%|标准(为|是)${NUM}|(不|不得)(超过|低于)[^。；]{0,10}元`),
  format: new RegExp(`格式|式样|样式|字体|字号|模板|版式|纸张|一式${NUM}份|${NUM}份|盖章|印章|公章|签名|签字|捺指印|手写|打印|装订|封面|卷皮`),
  rank: /级别|职级|(省部|厅局|县处|乡科|地厅)级|[正副](部|厅|局|处|科|县|乡)级|[一二三四]级(高级)?监察官|高级监察官|总监察|监察官等级|高配/,
  count: new RegExp(`${NUM}(名|人|个|次|份|件|项|位|家|种|类)|不少于|不得少于|至少|半数|过半数|三分之二`),
  date: new RegExp(`每年|每季度|每月|每半年|每周|每(两|三|五)年|年度|定期|[0-9一二三四五六七八九十]+月(份|底|初|中旬)?(?!内|以内|之内)|年底|年初|年终|季度|至少[^。；]{0,6}一次|一年[^。；]{0,4}次|换届`),
  'person-place': /场所|地点|住所|场地|由[^。；]{1,24}(担任|负责|承担|组成|主持|兼任)|在[^。；]{1,12}(进行|设立|设置|举行|设在)/,
  qualify: /警告|记过|记大过|降级|撤职|开除|撤销党内职务|留党察看|处分|违反|违纪|违法|追究/,
  general: /./,
}

/** A time limit in numbers ("十五日内", "3个月"): what a question asking 几天 / 多少小时 needs. */
export const NUMERIC_LIMIT = new RegExp(`${NUM}个?(工作日|日|天|个月|月|年|小时|周)`)

/** The question asks for a number of days, hours or months, not for "how soon" in general. */
const ASKS_NUMBER = /几|多少|多长|最长|最多|最短|期限是|时限是/

/** A time-limit part asks for a number when its trigger or its clause does ("最晚多少小时内"). */
const asksNumber = (p: AskedPart) => ASKS_NUMBER.test(p.trigger) || /几(个)?(工作日|日|天|月|年|小时|周)|多少(个)?(工作日|日|天|月|年|小时|周)|多长时间/.test(p.clause)

/** Characters that carry no content in a topic (function words, question and filler words). */
const STOP_CHARS = new Set([...'的了是在有和与或及等这那个些么什怎哪谁吗呢吧啊呀嘛要得能会可就都也还把被对给从向让将该应如何为之其此所以而且但并若一我你他她它们咱您啥咋样怎多少几'])

/** Content bigrams of a short text (both characters content characters). */
export function contentBigrams(t: string): Set<string> {
  const out = new Set<string>()
  const s = t.replace(/[^\u4e00-\u9fff]/g, '\u0000')
  for (let i = 0; i + 1 < s.length; i++) {
    const a = s[i] as string
    const b = s[i + 1] as string
    if (a === '\u0000' || b === '\u0000' || STOP_CHARS.has(a) || STOP_CHARS.has(b)) continue
    out.add(a + b)
  }
  return out
}

/** A sentence of an article, with the lead of its list when it is an item ("有下列情形之一的：" + "（二）……"). */
export interface Sentence {
  text: string
  lead?: string
  /** For a list item: every item of its list, in order (the item itself among them). */
  items?: string[]
}

/** Sentences of an article text (its "第X条" head removed), list items carrying their lead. */
export function sentencesOf(text: string): Sentence[] {
  const body = text.replace(/^第[^条\s]{1,8}条\s*/, '')
  const out: Sentence[] = []
  let lead: string | undefined
  let items: string[] = []
  for (const line of body.split('\n')) {
    const l = line.trim()
    if (!l) continue
    const item = /^[（(][一二三四五六七八九十]+[）)]|^\d+[.、]/.test(l)
    if (!item) {
      lead = undefined
      items = []
    } else items.push(l)
    for (const s of l.split(/(?<=[。；;])/).map((x) => x.trim()).filter((x) => x.length >= 4)) {
      // Items share one array: it holds the whole list once the list has been read.
      out.push(item && lead ? { text: s, lead, items } : { text: s })
      if (!item && /[：:]$/.test(s)) lead = s
    }
    if (!item && /[：:]$/.test(l)) lead = l.split(/(?<=[。；;])/).pop()?.trim()
  }
  return out
}

/**
 * 0..1: share of the topic's content bigrams found in a text; a colloquial word of the topic counts
 * as found when one of its rule wordings is there (一把手 → 主要负责人).
 */
export function topicShare(topic: string, text: string, synonyms: Synonyms): number {
  const { keys, bigrams } = topicUnits(topic, synonyms)
  let have = 0
  for (const [k, vs] of keys) if (text.includes(k) || vs.some((v) => text.includes(v))) have++
  for (const b of bigrams) if (text.includes(b)) have++
  const units = keys.length + bigrams.length
  return units ? have / units : 0
}

/**
 * A topic's units, which depend on the topic and the lexicon only: the lexicon keys it names (each one
 * unit, taken out of the rest) and the content bigrams of what remains. Kept per lexicon, since one
 * answer scores the same topic against every sentence of every candidate.
 */
const unitsCache = new WeakMap<Synonyms, Map<string, TopicUnits>>()
type TopicUnits = { keys: [string, readonly string[]][]; bigrams: string[] }
function topicUnits(topic: string, synonyms: Synonyms): TopicUnits {
  let byTopic = unitsCache.get(synonyms)
  if (!byTopic) unitsCache.set(synonyms, (byTopic = new Map()))
  const hit = byTopic.get(topic)
  if (hit) return hit
  let rest = topic
  const keys: [string, readonly string[]][] = []
  for (const [k, vs] of synonyms) {
    if (k.length < 2 || !rest.includes(k)) continue
    keys.push([k, vs])
    rest = rest.split(k).join(' ')
  }
  const units = { keys, bigrams: [...contentBigrams(rest)] }
  // Topics are question clauses: bounded so a long-running bot does not keep every question it saw.
  if (byTopic.size >= 2000) byTopic.clear()
  byTopic.set(topic, units)
  return units
}

export interface Candidate {
  /** Unit id of the article (or the card line's id). */
  id: string
  text: string
  /** Everyday descriptions of the article (catalogue), for the topic only. */
  says?: readonly string[]
  /** The text is not in force (superseded or repealed): a text in force that holds the fact comes first. */
  old?: boolean
}

export type EvidenceStatus = 'holds' | 'thin' | 'absent'

export interface PartEvidence {
  status: EvidenceStatus
  /** The candidate and sentence that best answer the part. */
  best?: { id: string; sentence: Sentence; topic: number; fact: boolean; rank: number }
}

/** Words of the domain (regulations/dict.txt), longest first, and the colloquial variants of each (regulations/variants.json). */
export interface DomainTerms {
  words: readonly string[]
  variants: ReadonlyMap<string, readonly string[]>
}
const NO_TERMS: DomainTerms = { words: [], variants: new Map() }

const VariantsSchema = z.object({ $comment: z.string().optional(), terms: z.record(z.string().min(1), z.array(z.string().min(2)).min(1)) })

/** Reads the variants file (formal term → colloquial variants); every problem is reported with its path. */
export function loadVariants(file: string): Map<string, string[]> {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (cause) {
    throw new RagError('CATALOG_INVALID', `说法变体表 ${file} 无法读取或不是有效的 JSON`, { cause })
  }
  const p = VariantsSchema.safeParse(raw)
  if (!p.success) throw new RagError('CATALOG_INVALID', `说法变体表 ${file} 格式错误：${p.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`)
  return new Map(Object.entries(p.data.terms))
}

/** The lexicon (colloquial → rule wording) with every variant pointing at its formal term. */
export function withVariants(synonyms: Synonyms, variants: ReadonlyMap<string, readonly string[]>): Synonyms {
  const out = new Map(synonyms)
  for (const [term, vs] of variants) for (const v of vs) out.set(v, [...new Set([...(out.get(v) ?? []), term])])
  return out
}

/** Reads the domain dictionary (one word per line, then frequency and tag). */
export function loadDomainTerms(file: string, variants: ReadonlyMap<string, readonly string[]> = new Map()): DomainTerms {
  const text = readFileSync(file, 'utf8')
  checkDictionary(text, file)
  const words = text
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((w) => w.length >= 2 && /^[\u4e00-\u9fff]+$/.test(w))
  return { words: [...new Set(words)].sort((a, b) => b.length - a.length), variants }
}

/**
 * Terms of the dictionary too general to be a question's focus: organs and systems named in every
 * text, the regulations' own names, words of every case (处分, 违纪, 调查 …).
 */
const GENERIC_TERM =
  /^(纪检监察|纪检监察机关|监察机关|监察委员会|纪律检查委员会|纪委|监委|纪委监委|监察|纪检监察组|派驻机构|派出机构|党员|公职人员|党员干部|领导干部|违纪|违纪行为|违法行为|违规|违纪违法|定性|认定|处分|党纪|政务|廉洁|腐败|审查|调查|纪律|涉嫌|犯罪|违法|案件|证据|查处|追责|处置|举报|信访|谈话|监督|执纪|整改|批准|审批|报批|工作日|主要负责人|领导班子|党委书记|纪委书记|监委主任|受理|立案|监察对象|纪律处分|党纪处分|政务处分|组织处理|宣布|请托|请托人|监督检查|执纪执法|监督执纪)$|条例$|法$|规则$|准则$/

/** The domain's specific terms a topic names, longest first, none inside another. */
export function focusTermsOf(topic: string, terms: DomainTerms): string[] {
  const out: string[] = []
  let rest = topic
  for (const t of terms.words) {
    if (!rest.includes(t)) continue
    if (!GENERIC_TERM.test(t)) out.push(t)
    rest = rest.split(t).join(' ')
  }
  // A colloquial variant names its formal term ("冻住" → 冻结).
  for (const [t, vs] of terms.variants) {
    const v = vs.find((x) => rest.includes(x))
    if (!v || out.includes(t)) continue
    if (!GENERIC_TERM.test(t)) out.push(t)
    rest = rest.split(v).join(' ')
  }
  return out
}

/** The pattern that finds the asked fact in a sentence. */
function FACT_OF(p: AskedPart): RegExp {
  return p.kind === 'time-limit' && asksNumber(p) ? NUMERIC_LIMIT : FACT[p.kind]
}

/** 0..1: how close the fact at `at` is to the nearest of the topic's words in the sentence. */
function proximity(at: number | undefined, text: string, topic: string): number {
  if (at === undefined) return 0
  let d = Infinity
  for (const b of contentBigrams(topic)) {
    for (let i = text.indexOf(b); i >= 0; i = text.indexOf(b, i + 1)) d = Math.min(d, Math.abs(i - at))
  }
  return d === Infinity ? 0 : 1 / (1 + d / 8)
}

/** Share of a term's bigrams found in a text (信访件 in "信访事项": 0.5). */
const termShare = (term: string, text: string): number => (text.includes(term) ? 1 : bigramShare(term, text))

/** Thresholds of the check (measured in `npm run eval`; DESIGN.md). */
export interface EvidencePolicy {
  /** Topic share a sentence needs to answer a part. */
  sentenceTopic: number
  /** Topic share a datum (amount, format, rank …) sentence needs: the datum must be about this topic. */
  datumTopic: number
  /** Topic share under which a fact-bearing sentence is not even near the topic. */
  near: number
}

export const DEFAULT_EVIDENCE: EvidencePolicy = { sentenceTopic: 0.34, datumTopic: 0.5, near: 0.15 }

const DATUM: ReadonlySet<FactKind> = new Set(['amount', 'format', 'rank', 'count', 'person-place', 'date'])

/**
 * A sentence that leaves the matter to other rules ("依照国家有关规定执行", "另行规定"): it names the
 * subject but states no datum of its own, so it never holds an amount, format, rank, count, place or date.
 */
const DEFERS = /(依照|按照|参照|执行)(国家|中央|上级)?(的)?有关规定(执行|办理|确定|处理)?|另行(规定|制定)|由[^。；]{1,20}(另行|另外)(规定|制定)|具体(办法|标准|规定)由[^。；]{1,24}制定/

/** A yes/no question on what may be done ("能不能", "可以……吗", "批不批"). */
const PERMISSION_ASK = /能不能|可不可以|可以不|能否|是否可以|是否能|允许|行不行|可以吗|能吗|行吗|(能|可以)[\u4e00-\u9fff]{1,5}(吗|么)$|(?<rep>[\u4e00-\u9fff])不\k<rep>/
/** What a rule allows or forbids, as opposed to a duty of form or a list heading. */
const DEONTIC = /不得|禁止|不能|不予|不再|可以|方可|除外|但是/

/** Attributes the texts never state as such (a vendor or product): the sentence must name it. */
const NAMED_ONLY = new Set(['具体厂家或产品'])

/** Whether the sentence names the asked attribute itself ("字体", "级别", "伙食标准"). */
function namesAttribute(p: AskedPart, s: string): boolean {
  const a = p.attribute.replace(/还是.*$/, '')
  return a.length >= 2 && contentBigrams(a).size > 0 && [...contentBigrams(a)].every((b) => s.includes(b))
}

/**
 * The best sentence for one asked part among ranked candidates (best first). A sentence holds the
 * part when it has a fact of the asked kind and enough of the topic (a datum needs more); the
 * article's everyday descriptions may supply the topic for a sentence that has the fact.
 */
export function checkPart(p: AskedPart, candidates: readonly Candidate[], synonyms: Synonyms, policy: EvidencePolicy = DEFAULT_EVIDENCE, terms: DomainTerms = NO_TERMS): PartEvidence {
  const datum = DATUM.has(p.kind)
  // The asking clause's words; when they name nothing ("这得谁签字批准"), the nearest clause before that does.
  const clause = p.topic.replace(/…/g, ' ')
  const weak = weakTopic(clause)
  const own = weak && p.context ? `${p.context.replace(/…/g, ' ')} ${clause}` : clause
  const full = searchTopic(p)
  const need = datum ? policy.datumTopic : policy.sentenceTopic
  let best: PartEvidence['best']
  let bestScore = -1
  let near = false
  // The domain's terms the asking clause names (审理, 留置, 冻结 …); a story's terms are not its focus.
  const focus = focusTermsOf(own, terms)
  const permission = p.kind === 'condition' && PERMISSION_ASK.test(p.trigger) && !/要不要|需不需/.test(p.trigger)
  const termIn = (f: string, text: string) => termShare(f, text) >= 0.5 || (synonyms.get(f) ?? []).some((v) => text.includes(v))
  candidates.forEach((c, rank) => {
    // The asking clause's own words, or with the clauses before it; a clause with no content word ("要隔几年") has only the latter.
    const share = (t: string) => (contentBigrams(own).size ? Math.max(topicShare(own, t, synonyms), topicShare(full, t, synonyms)) : 0)
    const articleTopic = Math.max(share(c.text), ...(c.says ?? []).map(share))
    // The focus terms must be in the article (at least half of them, or its everyday descriptions):
    // an article on 信访 does not answer a question on 审理 however many other words they share.
    const articleHasFocus = focus.filter((f) => termIn(f, c.text) || (c.says ?? []).some((x) => termIn(f, x))).length * 2 >= focus.length
    for (const s of sentencesOf(c.text)) {
      const whole = s.lead ? `${s.lead}${s.text}` : s.text
      // A format question names what it asks ("字体"): a sentence about another formality (印章) does not answer it.
      const fact =
        datum && DEFERS.test(s.text)
          ? false
          : (p.kind === 'format' && p.attribute) || NAMED_ONLY.has(p.attribute)
          ? namesAttribute(p, s.text)
          : p.kind === 'time-limit' && asksNumber(p)
            ? NUMERIC_LIMIT.test(s.text)
            : FACT[p.kind].test(s.text) || (datum && namesAttribute(p, s.text))
      const sentenceShare = share(whole)
      let t: number
      if (!articleHasFocus) t = Math.min(sentenceShare, policy.near / 2)
      // The focus terms in the sentence itself stand for half of the topic.
      else if (focus.length && focus.some((f) => termIn(f, whole))) t = Math.max(sentenceShare, (focus.filter((f) => termIn(f, whole)).length / focus.length + sentenceShare) / 2)
      // A sentence with the fact and some of the topic, in an article on the topic: an article names
      // its subject once, often in its first sentence.
      else t = fact && sentenceShare >= policy.near ? Math.max(sentenceShare, articleTopic * 0.75) : sentenceShare
      // A fact in an article whose everyday descriptions match the story is near, never enough (a hedged answer).
      if (fact && (t >= policy.near || articleTopic * 0.75 >= policy.near)) near = true
      // Fact first, then topic, then a fact close to the topic's words, then the retrieval's order.
      // A sentence whose subject is the topic ("留置时间不得超过三个月") is about it; a long one that names it in passing less so.
      const subject = [...contentBigrams(full)].some((b) => s.text.slice(0, 6).includes(b)) ? 0.1 : 0
      // "能不能……" is answered by what may or may not be done: a permission or prohibition outranks a duty of form.
      const deontic = permission && DEONTIC.test(s.text) ? 0.1 : 0
      const score = (fact ? 1 + 0.15 * proximity(FACT_OF(p).exec(s.text)?.index, s.text, full) + subject + deontic : 0) + t - rank * 0.02 - (s.text.length > 80 ? 0.05 : 0) - (c.old ? 0.1 : 0)
      if (score > bestScore) {
        bestScore = score
        best = { id: c.id, sentence: s, topic: t, fact, rank }
      }
    }
  })
  if (best && best.fact && best.topic >= need) return { status: 'holds', best }
  return { status: near ? 'thin' : 'absent', ...(best ? { best } : {}) }
}
