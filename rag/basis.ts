/**
 * Whether the knowledge base can answer at all: decided by the domain of the question, not only by
 * how many of its words some text contains.
 *
 * - Requests the assistant does not do (write an essay, translate, summarise), questions about who
 *   holds an office or how to reach someone, news, statistics and predictions about people, and
 *   everyday matters outside discipline inspection (weather, tax returns, leave, pay) get the
 *   no-basis reply, whatever words they share with the library.
 * - A question in the domain (its words are the domain's, or the catalogue's everyday words)
 *   is answered; when the evidence is thin, the closest articles are shown marked "可能相关，请核对",
 *   never silence.
 * - Anything else is answered only when the texts cover it well.
 *
 * @example judge({ question: '帮我写一篇心得体会', coverage: 0.5, domainWords: 1 }) // { support: 'none', … }
 */

export type Support = 'answer' | 'weak' | 'none'

export interface BasisInput {
  question: string
  /** 0..1: share of the question's weighted terms found in the best articles (text or catalogue field). */
  coverage: number
  /** Words of the question from the domain dictionary, the catalogue's terms or the synonym table. */
  domainWords: number
  /** An exact article reference resolved to an article. */
  lookup?: boolean
}

export interface BasisPolicy {
  /** Coverage enough for any question. */
  strong: number
  /** Coverage enough for a question in the domain; below it, a weak (possibly relevant) answer. */
  domain: number
}

export const DEFAULT_BASIS: BasisPolicy = { strong: 0.34, domain: 0.12 }

/** Kinds of question the knowledge base never answers, each with the reason shown to the user. */
const OUTSIDE: Array<[RegExp, string]> = [
  [/(帮|替|给)我.{0,6}(写|起草|拟|编|改|润色|翻译|总结|整理|生成|算)|(压缩|缩写|扩写|精简|改写|概括)(到|成|为|一下)|^(请)?(写|起草|拟写|撰写|编写|润色|翻译|总结)(一|个|篇|份|段|下)|写(一|个)?(篇|份|首|段)|(心得体会|演讲稿|讲话稿|发言稿|述职报告|工作总结|年终总结|作文|诗歌|对联)(怎么写|帮|吗|$)|翻译成|英文怎么说|用英语/, '写作、翻译等任务'],
  [/(现任|现在的|目前的|新任|前任|下一任).{0,12}(书记|主任|部长|局长|县长|市长|省长|委员|组长)|(书记|主任|部长|局长|县长|市长|省长|组长).{0,4}(是谁|是哪位|叫什么|叫啥)|叫什么名字|(电话|手机号|邮箱|网址|官网|地址)(是多少|多少|是什么|在哪)|联系方式|在哪(里)?办公|怎么联系/, '人员、机构的名称或联系方式'],
  [/最新进展|进展(如何|怎样|怎么样)|(今年|去年|上半年|本月|最近).{0,10}(查处|通报|处分|立案|留置)了?(多少|几)|一共(查处|处分|通报)|会不会被(查|抓|留置|双规|处分)|(听说|据说|传言|网传).{0,20}(是真的吗|真的假的|是不是真的)|(系统|全国|全省|全市).{0,8}(有多少|多少名|多少个)(干部|人|纪检)|能不能(躲过|逃过)|(评价|点评)一下|怎么看待|(剧情|大结局|演员)/, '新闻、统计或对具体人员的评价预测'],
  [/天气|下雨|气温|(推荐|买|炒).{0,6}(股票|基金)|(股票|基金).{0,4}(涨|跌|行情|收益|怎么买)|比特币|彩票|菜谱|做菜|减肥|旅游攻略|电影|足球|篮球|游戏|考研|高考|发烧|感冒|看病|去医院|电脑|手机.{0,4}(坏|卡|慢)|(年休假|年假|婚假|产假|病假|探亲假)|个税|个人所得税|专项附加扣除|社保|医保报销|公积金|职称评审|工资.{0,8}(调|涨|发放)|出差.{0,4}(住宿|伙食)(标准|费)|退休年龄|养老金/, '纪检监察法规之外的日常事务'],
]

/** The reason a question is outside what the knowledge base answers, or undefined. */
export function outsideDomain(q: string): string | undefined {
  for (const [re, why] of OUTSIDE) if (re.test(q)) return why
  return undefined
}

export function judge(s: BasisInput, p: BasisPolicy = DEFAULT_BASIS): { support: Support; outside?: string } {
  if (s.lookup) return { support: 'answer' }
  const outside = outsideDomain(s.question)
  if (outside) return { support: 'none', outside }
  if (s.coverage >= p.strong) return { support: 'answer' }
  if (s.domainWords > 0) return { support: s.coverage >= p.domain ? 'answer' : 'weak' }
  return { support: 'none' }
}
