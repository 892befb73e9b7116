/**
 * What a question asks for, and what an article is: pure functions of their text.
 *
 * - `qualify` (定性): which article a behaviour falls under, whether it is a violation, what
 *   sanction it gets ("算不算违纪", "按哪条", "给什么处分", "怎么定性");
 * - `limit`: how long, by when, how many days ("多久", "几天内", "期限");
 * - `procedure`: who approves, what steps, what to do when ("谁批", "怎么办理", "要不要报告");
 * - `cases`: in which situations something applies ("哪些情形要问责", "什么情况下可以留置").
 * A question may have several intents or none.
 *
 * @example intentsOf('收了管理对象两条烟算违纪吗') // ['qualify']
 */
import type { ArticleKind } from '../data/behaviours.js'

export type Intent = 'qualify' | 'limit' | 'procedure' | 'cases'

const QUALIFY = new RegExp(
  [
    // "定性", "算不算违纪", "按哪条", "给什么处分" …
    /定性|算不算|算是|属于什么|什么性质|违纪行为|按哪条|依据哪条|适用哪条|哪一条|该当何罪|构成|受处分/.source,
    // "算啥问题", "归哪条", "属于啥", "定个什么": a verb of qualifying and a question word
    // (定 not inside 规定/决定/确定/制定/约定; 属于 a kind, not a body: "属于哪个纪委" is jurisdiction)
    /(算|(?<![规决确制约])定|认定|套)(个)?(啥|什么|哪条|哪一条|哪种|何种)|(按|适用|依据)(哪条|哪一条|什么条款|啥条)|属于?(啥|什么|哪种|何种)(?!部门|单位|纪委|监委|机关|级)|归哪条/.source,
    // "咋处理", "怎么定", "如何认定", "政务处分怎么给"
    /(咋|怎么|怎样|如何|该怎么|应该怎么|要怎么|应当如何)(定性|定|认定|处理|处分|给|算|追责)/.source,
    // "违纪吗", "违纪不", "违法吗" (at the end of the asking clause: "违规不报告" is a behaviour)
    /(违纪|违规|违法|违反纪律)(吗|不|么|了吗|了没|没有)(?=[？?。，,！!\s]|$)/.source,
    // "算形式主义吗", "这算受贿吗"
    /算(是)?[^。，？?\s]{1,8}(吗|么)(?=[？?。，,！!\s]|$)/.source,
    // "能这么干吗", "可以这样做吗"
    /(能|可以|可不可以|能不能|允许)(这么|这样)(干|做|搞|弄)/.source,
    // "担什么责任", "什么处分", "给啥政务处分"
    /(啥|什么|哪些|哪种|何种)(纪律)?(责任|处分|政务处分|党纪处分|后果)/.source,
    /(给予?|受)(他|她|其)?(啥|什么|哪种|何种)(处分|政务处分|党纪处分)|处分吗|怎么处分|如何处分/.source,
    // "会被开除吗", "能撤职不"
    /(会|能|要|该)(被)?(开除|撤职|降级|记过|记大过|警告|双开)(吗|么|不)/.source,
  ].join('|'),
)
const LIMIT = /多久|多长时间|几天|几日|几个月|多少天|多少日|期限|时限|时效|几个工作日|多少个工作日|最长|最迟|之内|以内|内完成|届满|延长/
const PROCEDURE = /几种|哪几种|哪些方式|谁批|批准|审批|报批|谁决定|谁负责|由谁|哪个部门|哪一级|程序|流程|步骤|手续|怎么办|如何办理|怎么办理|要不要|需不需要|能不能|可不可以|是否可以|是否需要|应当怎么|报告|备案|通知|送达|移送|回避/

/** The forms of a quiz item on the rules: a blank "（ ）", a choice among statements, "简述……". */
export const QUIZ_FORM = /（\s*）|\(\s*\)|下列|正确的是|错误的是|简述|论述/

const CASES = /(哪些|哪几种|哪几类|什么|啥|哪种)(情形|情况|情节|行为)|什么情况下|哪些情况下|在什么条件/

/**
 * "怎么算" after a quantity ("天数是怎么算的", "工龄怎么算") asks for a calculation, not how to
 * qualify conduct: such phrases are taken out before the qualifying forms are looked for.
 */
const CALCULATION = /(天数|日数|时间|期限|时效|年限|工龄|金额|费用|工资|利息|期间|日期|次数|学时|分数|钱)[^。？?，,！!]{0,6}(咋|怎么|怎样|如何)算/g

export function intentsOf(q: string): Intent[] {
  const out: Intent[] = []
  if (QUALIFY.test(q.replace(CALCULATION, ' '))) out.push('qualify')
  if (LIMIT.test(q)) out.push('limit')
  if (PROCEDURE.test(q)) out.push('procedure')
  if (CASES.test(q)) out.push('cases')
  return out
}

/** An article's text sets a time limit ("十五个工作日内", "三个月", "30日以内"). */
export function setsTimeLimit(text: string): boolean {
  return /[0-9一二三四五六七八九十两百]+个?(工作日|日|天|个月|月|年)(内|以内|之内)|期限|时限|不得超过[^，。；]{0,8}(日|月|年)|延长[^，。；]{0,6}(日|月)/.test(text)
}

/** An article's text names a sanction ladder ("给予警告或者严重警告处分", "给予记过、记大过"). */
export function namesSanctions(text: string): boolean {
  return /给予[^。；]{0,20}(警告|记过|记大过|降级|撤职|开除|撤销党内职务|留党察看|开除党籍)/.test(text)
}

export interface ArticleTraits {
  violation: boolean
  procedure: boolean
  limit: boolean
  /** The article lists the situations it applies to ("有下列情形之一的"). */
  enumerates: boolean
}

/** What an article is: from its catalogue kind when it has one, else from its text. */
export function traitsOf(text: string, kind?: ArticleKind): ArticleTraits {
  const violation = kind ? kind === 'violation' : namesSanctions(text)
  return { violation, procedure: kind ? kind === 'procedure' : !violation, limit: setsTimeLimit(text), enumerates: /有下列[^。；]{0,8}之一|下列(情形|情况|行为)/.test(text) }
}

/**
 * How much an article's fused score is raised for a question's intents: a 定性 question prefers
 * articles that define violations (by `step`), a time-limit question articles that set one, a
 * procedural question procedural articles (each by half a step), an "in which situations" question
 * articles that list situations (by `step`). Measured: a full step for time limits and procedures
 * cost procedure questions (chat-blind-3b hit@5 0.96 → 0.92); 0.1 instead of 0.2 for 定性 cost
 * chat-blind-3a MRR 0.819 → 0.765 (`npm run knobs`).
 */
export function intentBoost(intents: Intent[], t: ArticleTraits, step: number): number {
  let b = 1
  if (intents.includes('qualify') && t.violation) b += step
  if (intents.includes('limit') && t.limit) b += step / 2
  if (intents.includes('procedure') && !intents.includes('qualify') && t.procedure) b += step / 2
  if (intents.includes('cases') && t.enumerates) b += step
  return b
}
