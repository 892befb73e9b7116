/**
 * What a question asks for: the kind of fact (a time limit, an approver, a sanction, a step, a
 * condition, an amount or standard, a format, a rank, a count, a person or place, a date or
 * frequency) and its focus (what the fact is about: "伙食标准", "处分决定书的字体", "延长留置").
 * A question may ask several things ("谁批？多久？"): each asking clause is a part. Pure.
 *
 * The evidence check (evidence.ts) then looks for a sentence of the cited articles that holds a
 * fact of the asked kind about the focus.
 *
 * @example askedOf('留置期间伙食标准是多少？').parts[0] // { kind: 'amount', topic: '留置期间', attribute: '伙食标准', … }
 */
import { intentsOf } from './intent.js'

export const FACT_KINDS = [
  'time-limit',
  'approver',
  'sanction',
  'procedure',
  'condition',
  'amount',
  'format',
  'rank',
  'count',
  'person-place',
  'date',
  'qualify',
  'general',
] as const
export type FactKind = (typeof FACT_KINDS)[number]

/** Kinds whose fact is a plain datum the rules either state or do not (no reading between lines). */
export const DATUM_KINDS: ReadonlySet<FactKind> = new Set(['amount', 'format', 'rank', 'count', 'person-place', 'date'])

export interface AskedPart {
  kind: FactKind
  /** The asking clause, as written. */
  clause: string
  /** What the fact is about, in the question's words ("留置期间被留置人员", "处分决定书"). */
  topic: string
  /** For datum kinds: the attribute asked ("伙食标准", "字体字号", "级别"); empty when the question names none. */
  attribute: string
  /** The words that asked (removed from the focus). */
  trigger: string
  /** The clauses before, when the topic names little of its own ("要走啥程序、谁来批"): searched with it. */
  context?: string
}

export interface Asked {
  /** Asking clauses in the question's order, one per kind asked (at most three). */
  parts: AskedPart[]
  /** The first part: what the first line must answer. */
  main: AskedPart
}

/** Attribute nouns that make "标准" an amount (伙食标准) rather than a criterion (认定标准). */
const MONEY_NOUN = '伙食|餐费|饭钱|饭费|住宿|差旅|交通|补助|补贴|津贴|报酬|工资|薪酬|奖金|奖励|收费|费用|经费|预算|报销|租金|房租|价钱|价格|罚款|赔偿|慰问金|加班费|误工费|油费|话费'

/**
 * Ask patterns by kind, most specific first. Each returns the trigger; the attribute is the named
 * group `attr` when the pattern has one.
 */
const ASK: Array<{ kind: FactKind; re: RegExp }> = [
  // 多久一次 / 每年几月 / 哪天开: a date or frequency, not a time limit.
  { kind: 'date', re: /(多久|多长时间|隔多久|几个月|几年)[^，。？?]{0,10}(一次|一回|一轮)|一年(开|搞|组织|召开|进行)?几次|(每年|每季度|每月|一般|通常)?(几月|几号|哪个月|哪一天|哪天|什么季节|几月份)|(什么时候|啥时候|何时)(开会|召开|举行|发布|出台|公布|公示|开始|启动|进驻|换届|考核)|(?<attr>频次|频率|时间安排|日程)/ },
  {
    kind: 'amount',
    re: new RegExp(
      `(?<attr>(${MONEY_NOUN})[^，。？?]{0,4}标准)|(多少|几)(钱|块|元|万|千)|(?<attr2>金额|数额|额度|上限|起点|门槛|费用|经费|补贴|补助|津贴|奖金|奖励|报酬)(是)?(多少|几|有多少|怎么算|怎么定|定多少|标准)|(报销|补贴|补助|发)(多少|标准)|(标准|价格)(是)?多少|什么标准(发|报|补|给|收|算钱)|(?<attr3>(${MONEY_NOUN}))(是)?(多少|几)|(什么|啥|多大|多少)(?<attr4>比例|标准)(交|缴|扣|发|报|补|算|收)|(?<attr5>(比例|金额|数额|额度|起点|门槛)((或者|和|、|还是)(比例|金额|数额|额度|标准))?)(吗|呢|么)?[？?]?$`,
    ),
  },
  { kind: 'format', re: /(用|是|按|套|要求|采用)?(什么|啥|哪种|哪个|何种)(?<attr>(格式|字体|字号|模板|样式|式样|版式|纸张|纸|颜色|封面|抬头|印章|章|编号规则|文号)+)|(?<attr2>格式|字体|字号|模板|样式|式样|版式|排版|页边距|行距)(是|有|怎么|要求|有没有|有啥)|(?<attr3>一式(几|多少)份|(几|多少)份)|(要不要|是否|需不需要)(?<attr4>盖章|签字|手写|打印|装订)|(?<attr5>(手写|打印)还是(手写|打印)|(手写|打印)的)|(必须|只能|一定要|得|要求)(?<attr6>手写|打印|盖章|签字|装订)|(?<attr7>字数|篇幅|页数)(要求|限制|有没有|多少|是)?/ },
  { kind: 'rank', re: /(什么|啥|哪个|哪一|几)(?<attr>级别|职级|层级|规格|档次)|(?<attr4>什么级|啥级)(?!别)[的]?(干部|领导|人)|(?<attr2>级别|职级|规格|等级)(是|有|多高|多少|怎么定|要求)|(?<attr3>高配|低配|正科|副科|正处|副处|正厅|副厅|处级|科级|厅级)(还是|吗|么)/ },
  {
    kind: 'count',
    re: /多少(个|名|位)?(人|名|位)(?!员)|几(个|名|位)?(人|名|位)(?=[？?]|$|才|就|以上|组成|参加|合适|够|吗|呢)|(?<attr>人数|编制|名额|比例|占比|比重|数量|个数)(是|有|一般)?(多少|几|怎么定|定多少)|多少(个|件|起|次|项|家)(?![月工日天小])|(多少|几)(桌|辆|套|瓶|条|箱|斤|平方|亩|张|台|部)|有多少(?!天|时间)|一共(多少|几)|(百分之|百分比)(多少|几)|(几|多少)(个|名|位|人)(以上|及以上|以下)/,
  },
  { kind: 'person-place', re: /(?<attr>在哪|哪里|哪儿|什么地方|啥地方|哪个地方|哪个楼|地点|场所|地址)(?!些)|(?<attr2>哪家|哪个公司|什么牌子|哪个牌子|什么品牌|什么型号|哪个厂家|厂家|供应商|什么软件|哪个系统|什么设备|什么系统|什么平台|哪个平台)|(?<attr3>(谁来|由谁|谁)(当|担任|兼任|出任))|(?<attr4>(兼任|兼|担任|当))[^，。？?]{0,3}还是/ },
  { kind: 'time-limit', re: /时间(上)?(有|有没有|有什么|有啥)?(要求|限制|期限)|多久|多长时间|多少时间|几天|几日|几个月|几年|多少天|多少日|几个工作日|多少个工作日|几小时|多少小时|期限|时限|最长|最迟|最晚|什么时候(之前|以前|前)|啥时候(之前|前)|多快|(截止|截至)(到)?(什么时候|哪天|何时)|(什么时候|啥时候|何时)(要|得|必须|应当|应该)?(报|交|提出|作出|完成|办结|结束|送达|通知|解除|答复|回复|反馈)/ },
  { kind: 'approver', re: /谁[^，。？?]{0,4}(批准|审批|签批|批)(?!评)|谁(点头|拍板|松口|签字|签个字)|(报|报到|报送|呈报|走到|批到)(到)?(哪一级|哪级|哪个部门|哪里)|审批[^，。？?]{0,4}(哪一级|哪级|哪个部门)|谁批|谁审批|谁同意|谁签(字|发)?|谁拍板|谁说了算|谁决定|由谁(批准|审批|决定|同意)|报谁|找谁批|谁来批|谁审核|(哪|什么)(一级|级|个部门|个机关|个领导)(批|审批|批准|决定|同意)|(经|报|要|得|须|需)(谁|什么人|哪个领导)(批准|同意|审批)|(批准|审批|报批)(权限|程序|手续)?(在|归)?(谁|哪)|要不要(报批|批准|审批)|(需要|要|得)(报|经)?[^，。？?]{0,6}(批准|审批)(吗|么|不)/ },
  { kind: 'sanction', re: /(什么|啥|哪种|何种|哪些)(处分|处理|后果|责任|政务处分|党纪处分|处罚)|哪一?档|几档|(最低|最轻|最重|最高)[^，。？?]{0,4}档|处分(幅度|多重|轻重|怎么给|给多重)|(会|能|要|该)(被)?(开除|撤职|降级|记过|记大过|警告|双开)|(给|受)(什么|啥)/ },
  { kind: 'condition', re: /什么情况下|哪些情况|哪些情形|什么情形|(什么|哪些)(条件|前提|要求)|满足(什么|哪些)|符合(什么|哪些)|能不能|可不可以|可以不|能否|是否可以|是否能|允许|行不行|可以吗|能吗|行吗|算不算|要不要|需不需要|是否需要|必须|(能|可以|可不可以)[\u4e00-\u9fff]{1,5}(吗|么)(?=[？?]|$)|(?<rep>[\u4e00-\u9fff])不\k<rep>/ },
  { kind: 'procedure', re: /归(谁|哪)[^，。？?]{0,6}管|(哪一级|哪个|哪级)[^，。？?]{0,4}(管|负责|办|查|受理)|(找谁|向谁|问谁|联系谁|由谁(去|来)?|谁(来|去)?(管|负责|查|办|受理|执行))|第一步|首先(要|得|做)|先(做|干|办|搞)(什么|啥)|干(什么|啥)|怎么办|怎么处理|如何处理|怎么处置|如何处置|怎么弄|咋办|咋弄|流程|程序|步骤|手续|怎么走|怎么操作|如何办理|怎么办理|(先|第一步)[^，。？?]{0,10}(还是|再)|下一步|要做(什么|哪些)|需要做|怎么(做|搞|报|交|送|认定|开展|组织|进行)|如何(做|开展|组织|进行|认定)|哪些(内容|材料|事项)|(写|包括|载明)(哪些|什么)/ },
]

/** Words around a focus that carry no content: question frames, fillers, persons asking. */
const FILLER =
  /^(请问|问一下|问下|问问|想问|我想问|我想知道|想了解|咨询|各位|老师|领导|同事们|大家|助手|那|那么|另外|还有|再问|顺便问|顺便|就是|然后|所以|还想问|还得问|对了|话说)+|(请问|一下|呢|呀|啊|吧|哈|嘛|啦|哦|么|吗|的话|来着|到底|究竟|具体|一般|通常|大概|大约|是不是|有没有|规定|法规|条例里|里面)+$/g

/** How a person-or-place ask is named in a reply. */
const PLACE_ATTRIBUTE: Array<[RegExp, string]> = [
  [/^(在哪|哪里|哪儿|什么地方|啥地方|哪个地方|哪个楼|地点|场所|地址)$/, '具体地点'],
  [/^(哪家|哪个公司|什么牌子|哪个牌子|什么品牌|什么型号|哪个厂家|厂家|供应商|什么软件|哪个系统|什么设备|什么系统|什么平台|哪个平台)$/, '具体厂家或产品'],
  [/^(谁来|由谁|谁)(当|担任|兼任|出任)$|^(兼任|兼|担任|当)$/, '由谁担任'],
]

/** A clause that asks: a question word, not a word of the story ("过了几天", "几个党员牵头"). */
const INTERROGATIVE = /多久|多长|多少|多大|多高|多重|多快|谁|哪|什么|啥|怎么|怎样|咋|如何|吗|么|呢|是否|能否|可否|能不能|可不可以|要不要|需不需要|有没有|是不是|算不算|行不行|还是|几(个|名|位|天|日|月|年|份|级|次|人|种)?[？?]?$|[？?]/

/**
 * Splits a question into clauses. Only clauses of the asking sentences (askingText) can ask: those
 * with a question word, and the last clause of each; the story's clauses are context.
 */
function clausesOf(q: string): Array<{ text: string; asks: boolean; sentence: number; last: boolean }> {
  const asking = new Set(askingSentences(q))
  return sentencesOfQuestion(q).flatMap((sentence, si) => {
    const raw = sentence
      .split(/(?<=[。！？?!；;，,、\n])|还有就是|另外|此外|顺便问/)
      .map((s) => (s ?? '').trim())
      .filter((s) => s.replace(/[。！？?!；;，,、]/g, '').length >= 2)
    const can = asking.has(sentence)
    return raw.map((text, i) => ({ text: text.replace(/[。！!；;，,、]$/, ''), asks: can && (INTERROGATIVE.test(text) || i === raw.length - 1), sentence: si, last: i === raw.length - 1 }))
  })
}

const sentencesOfQuestion = (q: string) => q.split(/(?<=[。！？?!\n])/).map((s) => s.trim()).filter(Boolean)

/** A question word that asks even without a question mark ("么" alone is in "这么", not here). */
const ASKS_WITHOUT_MARK = /什么|啥|怎么(?!样的)|如何|哪|谁|几(个|天|日|年|次|名)|多少|多久|多长|吗|呢|是否|能否|要不要|能不能|可不可以|有没有|需不需要/

function askingSentences(q: string): string[] {
  const sentences = sentencesOfQuestion(q)
  if (sentences.length <= 1) return sentences
  const asking = sentences.filter((s) => /[？?]$/.test(s))
  // A last sentence that asks without its question mark ("收的时候有啥手续") asks too.
  const last = sentences[sentences.length - 1] as string
  if (asking.length && !asking.includes(last) && ASKS_WITHOUT_MARK.test(last)) asking.push(last)
  return asking.length ? asking : [last]
}

/** Words that say nothing of what a fact is about ("要走啥程序", "这事"). */
const GENERIC = /这一块|这块|那块|这方面|程序|流程|手续|情况|问题|事情|这事|此事|那事|这个|那个|规定|要求|办法|一下|现在|这样|那样|时候|之后|以后|以前|下来|上去|出来/g
/** The words name less than two content bigrams once generic words are out. */
export const weakTopic = (t: string) => contentBigramCount(t.replace(GENERIC, ' ')) < 2

function contentBigramCount(t: string): number {
  const s = t.replace(/[^\u4e00-\u9fff]/g, ' ')
  let n = 0
  for (let i = 0; i + 1 < s.length; i++) if (s[i] !== ' ' && s[i + 1] !== ' ' && !/[的了是在有和与或及等这那个些么什怎哪谁吗呢吧啊要得能会可就都也还把被对给从向让将该我你他她它们咱您啥咋样多少几]/.test((s[i] as string) + (s[i + 1] as string))) n++
  return n
}

/** Cuts a clause around its trigger into the topic (content words) and the attribute. */
function focusParts(clause: string, m: RegExpExecArray, same?: RegExp): { topic: string; attribute: string } {
  const g = m.groups ?? {}
  const raw = g.attr ?? g.attr2 ?? g.attr3 ?? g.attr4 ?? g.attr5 ?? g.attr6 ?? g.attr7 ?? ''
  const attribute = PLACE_ATTRIBUTE.find(([re]) => re.test(raw))?.[1] ?? raw.replace(/^(用|是|按)/, '')
  const before = clause.slice(0, m.index)
  let after = clause.slice(m.index + m[0].length)
  // "伙食标准一天多少钱": a second wording of the same ask, with its unit, names nothing more.
  const again = same ? new RegExp(same.source).exec(after) : null
  // "最晚多少小时内要告诉家属": the second wording comes first, and the action follows it.
  if (again) {
    const head = after.slice(0, again.index).replace(/(一天|每天|每日|每人|每次|一次|每月|一个月|每年|一年|一般|大概)+$/, '')
    after = head.trim() ? head : after.slice(again.index + again[0].length)
  }
  const tidy = (s: string) =>
    s
      .replace(/[“”"'‘’（）()《》【】]/g, '')
      .replace(/^.*[，,：:]/, '')
      .replace(FILLER, '')
      .replace(/^(我们|咱们|我|你们|他们|单位|这边|那边)+/, '')
      .replace(/一般|通常|大概|大约|具体|到底|究竟|最多|最长|最少|最短|最迟|最晚|最快|最早|至少|最高|最低/g, '')
      .replace(/(的|是|要|得|需要|应该|应当|该|能|可以|就|都|也|还|才|被|把|给|对|在|有)+$/, '')
      .trim()
  let topic = tidy(before)
  // "多久要拿出处置意见": what follows the trigger is the action whose limit is asked.
  const rest = tidy(
    after
      .replace(/^(之内|以内|内|能|要|得|才能|可以|必须|应当|应该|才|就|之前|以前)+/, '')
      .replace(/[？?。！!]+$/, '')
      .replace(/^(是|有|为)?(多少|几|啥|什么|怎样|如何|怎么样|咋样)+$/, '')
      .replace(/^(是|有)?(怎么|如何|怎样|咋)(规定|说|讲|要求|定|算)(的)?$/, '')
      .replace(/^(的)?(干部|人员|同志|人)$/, '')
      .replace(/(干|做|搞)(什么|啥|什)?$/, ''),
  )
  if (rest && rest.length >= 2 && !/^(啊|呢|吗|么|呀|吧|了|合适|比较好|才行|可以|够|行)$/.test(rest)) topic = topic ? `${topic}…${rest}` : rest
  if (topic.length > 24) topic = topic.slice(-24)
  return { topic, attribute }
}

/** The parts a question asks, in order; a question with no ask pattern has one 'general' part. */
export function askedOf(question: string): Asked {
  const parts: AskedPart[] = []
  const intents = intentsOf(askingText(question))
  // The topics of the clauses before, for a clause that names little of its own.
  const before: string[] = []
  const beforeSentence: number[] = []
  // Where each part came from: a generic ask inside a sentence whose last clause asks something specific
  // ("商量给某个党员什么处分，到会多少人才算数？") is the story, not a second question.
  const origin = new Map<AskedPart, { sentence: number; last: boolean }>()
  for (const { text: clause, asks, sentence, last } of clausesOf(question)) {
    // The asking sentence's own clauses first ("备案这块由谁报、多少天以内"): a clause before it in the
    // same sentence that names something, else the nearest one that names enough.
    const same = before.filter((t, i) => beforeSentence[i] === sentence && contentBigramCount(t.replace(GENERIC, ' ')) >= 1)
    const context = same[same.length - 1] ?? [...before].reverse().find((t) => t && !weakTopic(t)) ?? ''
    before.push(focusParts(clause, /$/.exec(clause) as RegExpExecArray).topic)
    beforeSentence.push(sentence)
    if (!asks) continue
    const found: Array<{ kind: FactKind; m: RegExpExecArray }> = []
    for (const a of ASK) {
      const m = a.re.exec(clause)
      if (m && !found.some((f) => overlaps(f.m, m))) found.push({ kind: a.kind, m })
    }
    // A 定性 question asks which article and sanction; its "能不能" or "什么处分" are part of that.
    if (intents.includes('qualify') && found.every((f) => f.kind === 'sanction' || f.kind === 'condition' || f.kind === 'procedure')) {
      if ((found.length || parts.length === 0) && !parts.some((p) => p.kind === 'qualify')) {
        const q: AskedPart = { kind: 'qualify', clause, topic: '', attribute: '', trigger: '' }
        parts.push(q)
        origin.set(q, { sentence, last })
      }
      continue
    }
    for (const f of found.sort((a, b) => a.m.index - b.m.index)) {
      if (parts.some((p) => p.kind === f.kind && p.clause === clause)) continue
      const fp = focusParts(clause, f.m, ASK.find((a) => a.kind === f.kind)?.re)
      // "延长留置要谁批准，最多能延长多久": a topic that names little reads with the clauses before it.
      const part: AskedPart = { kind: f.kind, clause, trigger: f.m[0], ...fp, ...(context ? { context } : {}) }
      parts.push(part)
      origin.set(part, { sentence, last })
      before[before.length - 1] = fp.topic || (before[before.length - 1] as string)
    }
  }
  // A clause asking a datum and a generic condition ("能不能报、报多少") keeps both; only the first three count.
  const story = (p: AskedPart) => {
    const o = origin.get(p)
    return !!o && !o.last && GENERIC_KINDS.has(p.kind) && parts.some((x) => x !== p && !GENERIC_KINDS.has(x.kind) && origin.get(x)?.sentence === o.sentence && origin.get(x)?.last)
  }
  const kept = dedupe(parts.filter((p) => !story(p))).slice(0, 3)
  const main = kept[0] ?? { kind: intents.includes('qualify') ? ('qualify' as const) : ('general' as const), clause: question, topic: '', attribute: '', trigger: '' }
  return { parts: kept.length ? kept : [main], main }
}

/** Asks that many clauses of a story make without asking ("给什么处分", "能不能", "怎么处理"). */
const GENERIC_KINDS: ReadonlySet<FactKind> = new Set(['qualify', 'sanction', 'condition', 'procedure', 'general'])

function overlaps(a: RegExpExecArray, b: RegExpExecArray): boolean {
  return a.index < b.index + b[0].length && b.index < a.index + a[0].length
}

/** A generic part (condition, procedure) next to a specific one asks nothing more. */
function dedupe(parts: AskedPart[]): AskedPart[] {
  const specific = parts.filter((p) => p.kind !== 'condition' && p.kind !== 'procedure' && p.kind !== 'general')
  if (!specific.length) return parts
  return parts.filter((p) => specific.includes(p) || !specific.some((s) => s.clause === p.clause))
}

/** What a datum kind is called when the question names no attribute ("几个人" → 人数). */
const DEFAULT_ATTRIBUTE: Partial<Record<FactKind, string>> = {
  amount: '具体金额或标准',
  format: '具体格式',
  rank: '级别',
  count: '具体人数或数量',
  date: '具体时间安排',
  'person-place': '具体人员、地点或产品',
}

/** The words a part's fact must be found near: its topic, with the clauses before when it names little. */
export function searchTopic(p: AskedPart): string {
  return (p.context ? `${p.context}…${p.topic}` : p.topic).replace(/…/g, ' ')
}

/** What the focus is called in a reply: "留置期间被留置人员的伙食标准", "处分决定书的字体字号". */
export function focusLabel(p: AskedPart): string {
  const last = [...(p.context?.split('…') ?? [])].reverse().find((c) => c && !weakTopic(c)) ?? ''
  const topic = (weakTopic(p.topic) && last ? `${last}${p.topic.replace(/…/g, '')}` : p.topic.replace(/…/g, '')).replace(GENERIC, '').replace(/(要走|走|要|得)(啥|什么)?$/, '')
  const attribute = p.attribute || DEFAULT_ATTRIBUTE[p.kind] || ''
  if (attribute.includes('还是')) return `${topic}${attribute}`
  if (attribute && topic && !topic.endsWith(attribute)) return `${topic}的${attribute}`
  return topic || attribute
}

/**
 * The sentences of a question that ask: those ending with a question mark, else the last sentence
 * (a case story tells first and asks last; "过了几天" in the story is not a question).
 *
 * @example askingText('老王收了礼。过了几天又退了。这算违纪吗？') // '这算违纪吗？'
 */
export function askingText(q: string): string {
  return sentencesOfQuestion(q).length <= 1 ? q : askingSentences(q).join('')
}

/**
 * A short follow-up read with the question before it ("谁批？" … "那如果是初步核实呢？"): what it asks
 * itself when it asks something, otherwise what the earlier question asked, about the follow-up's subject.
 *
 * @example askedFollowUp('谈话函询要谁批准？', '那如果是初步核实呢？').main // { kind: 'approver', topic: '初步核实', … }
 */
export function askedFollowUp(previous: string, followUp: string): Asked {
  const own = askedOf(followUp)
  if (own.main.kind !== 'general') return own
  const subject = followUp
    .replace(/[？?。！!，,]/g, '')
    .replace(/^(那|那么|要是|如果|假如|换成|改成|还有)+/, '')
    .replace(/(如果|要是)?(是|换成|改成)?/, '')
    .replace(/(的话|呢|吗|么|呀|啊|怎么样|咋样|怎么办|行不行|可以吗)+$/, '')
    .trim()
  const before = askedOf(previous)
  const parts = before.parts.map((p) => ({ ...p, topic: subject || p.topic, context: p.topic }))
  return { parts, main: parts[0] as AskedPart }
}
