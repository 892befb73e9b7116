/**
 * Whether the knowledge base can answer at all: decided by the domain of the question and by what
 * it asks, not by how many of its words some text contains (with 5,000 everyday descriptions in the
 * catalogue and 1,800 practice documents, almost any question shares words with something).
 *
 * The knowledge base answers normative questions about the discipline-inspection domain: whether a
 * behaviour of a party member or public servant breaks a rule, and how the commissions' procedures,
 * powers and time limits work. Two things put a question outside it:
 *
 * 1. **What it asks** (`outsideDomain`), whatever its words: a task for the assistant (write,
 *    translate, summarise), who holds an office or how to reach a unit, news and rumours about a
 *    case or a person, statistics and predictions, opinions and small talk, computer and software
 *    help, everyday office matters (leave, tax, pay scales, reimbursement amounts), and ordinary
 *    civil or labour law.
 * 2. **No anchor in the domain** (`anchored`): it names none of the domain's institutions or
 *    procedures, no person with public power, and no typical object of misconduct. "给我讲个笑话"
 *    shares words with the catalogue's description of vulgar jokes, but nobody asked about a cadre.
 *
 * A question inside the domain is answered; when the evidence is thin, the closest articles are
 * shown marked "可能相关，请核对", never silence.
 *
 * @example judge({ question: '帮我写一篇心得体会', coverage: 0.5 }) // { support: 'none', outside: '写作、翻译等任务' }
 */
import { QUIZ_FORM, intentsOf } from './intent.js'

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

// ---- 1. The domain's anchors ------------------------------------------------------------------

/** Institutions, procedures, measures and kinds of misconduct of discipline inspection and supervision. */
const INSTITUTION =
  /纪委|监委|纪检|监察|巡视|巡察|派驻|审查|调查|留置|立案|撤案|结案|线索|举报|检举|控告|信访|处分|问责|追责|追究|违纪|违规|违法|党纪|政纪|整改|谈话|函询|初核|核实|审理|申诉|复议|复审|复核|组织处理|诫勉|党籍|党内|党组|党委|党支部|支部|纪律|条例|廉洁|廉政|腐败|受贿|行贿|贿赂|贪污|挪用|渎职|失职|滥用职权|玩忽职守|作风|八项规定|四风|形式主义|官僚主义|主体责任|移送|涉案|案件|办案|讯问|询问|搜查|查封|扣押|冻结|冻住|技术调查|通缉|限制出境|强制到案|责令候查|管护|投案|自首|从轻|减轻|从重|影响期|处分期|回避|保密|泄密|打击报复|诬告|通报|曝光|察看|开除|撤职|降级|记过|警告|定性|认定|证据|犯罪|罪名|追诉|时效|从宽|处罚|具结悔过|责令|收受|索要|案情|徇私|舞弊|负责制|犯错误|执纪|执法|核查|交代|交办|督办|案子|规则|规定|办法|准则|党章|监察法|个人事项|第[一二三四五六七八九十百零〇两0-9]+条/

/** People with public power, and those who deal with them. */
const ACTOR =
  /党员|干部|公务员|公职人员|领导|局长|科长|处长|厅长|部长|县长|镇长|乡长|区长|市长|省长|村支书|村干部|村主任|村委|村官|书记|主任|所长|院长|校长|经理|董事长|总经理|国企|国有企业|事业单位|民警|警察|法官|检察官|监察官|下属|上级|管理对象|服务对象|请托人|一把手|负责人|责任人|班子|科员|干事|办事员|工作人员|机关|单位|部门|检察院|法院|公安|群众|同事|同志|会计|出纳|统计员|(镇|乡|县|区|市|局|村|委|厅|处|科)里/

/** Typical objects of misconduct: public money and property, and what is given to officials. */
const CONDUCT = /公款|公车|公家|公物|财政|经费|会议费|补贴|津贴|红包|礼金|礼品|购物卡|消费卡|回扣|好处费|吃请|宴请|吃喝|赌博|赌钱|账户/


/** Words that tell of misconduct: a question with them is about conduct, whatever else it mentions. */
const MISCONDUCT = /违规|违纪|违法|谣言|造谣|传谣|虚报|多报|漏报|瞒报|谎报|冒领|套取|私自|伪造|骗取|造假|弄虚作假|收受|索要|好处|回扣|贪|挪用|侵占|据为己有|搬回家|拿回家|不还|白干|白拿|公款|公车|公物|开绿灯|打招呼|说情|代写/

/** The question names something of the discipline-inspection domain (rag/basis.ts, point 2). */
export function anchored(q: string): boolean {
  return INSTITUTION.test(q) || ACTOR.test(q) || CONDUCT.test(q) || QUIZ_FORM.test(q) || aboutMisconduct(q)
}

/** The question is about conduct or the domain's procedures: everyday words in it are the case's facts. */
const aboutConduct = (q: string) => INSTITUTION.test(q) || aboutMisconduct(q)
const aboutMisconduct = (q: string) => MISCONDUCT.test(q) || intentsOf(q).includes('qualify')

// ---- 2. What the question asks ----------------------------------------------------------------

const TITLE = '(书记|副书记|主任|副主任|组长|副组长|部长|局长|县长|市长|省长|厅长|院长|所长|负责人|负责同志|领导|一把手)'

/** Kinds of question the knowledge base never answers, each with the reason shown to the user. */
const OUTSIDE: Array<{ why: string; test: (q: string) => boolean }> = [
  {
    why: '写作、翻译等任务',
    test: (q) =>
      /(帮|替|给)我(写|起草|拟|编|改|润色|翻译|总结|整理|生成|列|做|出)(一|个|篇|份|段|首|几|些|下)?[^。，？?]{0,8}(稿|文章|材料|报告|总结|提纲|大纲|PPT|ppt|标题|题目|方案|讲话|通知|简报|心得|体会|诗|对联|标语|口号|表格|纪要)|(帮|替|给)我(写|起草|润色|翻译)|(压缩|缩写|扩写|精简|改写|概括|润色)(到|成|为|一下)|^(请)?(写|起草|拟写|撰写|编写|润色|翻译|总结)(一|个|篇|份|段|下)|写(一|个)?(篇|份|首|段)|(心得体会|观后感|演讲稿|讲话稿|发言稿|主持词|述职报告|工作总结|年终总结|调研报告|汇报材料|简报|作文|诗歌|对联|标语|口号|对照检查材料|PPT|ppt)(怎么写|帮|吗|$|[，。？?])|翻译成|(翻|译)成(英文|英语|外文|日文|俄文)|英文怎么说|用英语|起(几|一|个|些)[^。]{0,8}(标题|题目|名字|口号|标语)|(标题|题目|口号|标语)[^。]{0,6}(来|起|拟|想)(几|一|两|三|五)/.test(q),
  },
  {
    why: '人员、机构的名称或联系方式',
    test: (q) =>
      // who holds an office ("组长现在是谁", "新来的书记叫什么") or since when
      new RegExp(`(现任|现在的|目前的|新任|前任|下一任|新来的)[^，。？?]{0,12}${TITLE}[^，。？?]{0,4}(是谁|是哪位|叫什么|叫啥|姓什么|都有谁|有谁|都是谁)|${TITLE}(现在|目前|最近|现任)?(是|叫)(谁|哪位)|${TITLE}(现在|目前)?叫(什么|啥)(名字)?|${TITLE}(换人|换了)(了)?(没|吗|没有)?[？?]?$|换人了(没|吗)|(现在|目前|最近|这轮|本届)[^，。？?]{0,18}(是谁|是哪位|哪位同志|谁在负责|谁在管)|${TITLE}.{0,6}(哪一年|什么时候)(上任|到任|任职)`).test(q) ||
      // how to reach a unit
      /叫什么名字|(电话|手机号|座机|号码|邮箱|网址|官网|地址|办公地点|门牌)(号码)?[^。]{0,4}(是多少|多少|是什么|是啥|在哪|发我|给我|发一下|谁有)|联系方式(是|呢|多少|发)|怎么联系|在哪(里)?办公|搬到(哪|了哪)|搬(到|去)[^。]{0,12}(了吗|了没|吗)|哪条路|哪栋楼|(在|住|办公|搬到|位于)[^。]{0,8}(几楼|几层)|(几点|什么时候)(上班|下班|开门)|办公时间/.test(q),
  },
  {
    why: '具体案件或人员的消息',
    test: (q) =>
      // a rumour, asked whether it is true
      /(听说|据说|传言|网传|群里传|有人传|有人说|疯传|传闻|小道消息)[^。]{0,40}(是真的|真的吗|真的假的|真假|确切|属实|有这回事|是吗|内情|内幕|消息吗|知道.{0,4}吗)|(昨晚|昨天|今天|前天|刚才|上周)[^。]{0,10}被(带走|抓|查|留置|双开|约谈)|(案子|案件)[^。]{0,24}(了没有?|了吗)[？?]?$|(结果|处分|处理决定|判决)出来(了)?(没|吗)|(纪委|监委|检察院|法院|公安)[^。]{0,6}(介入|立案|处理|查)了(没有?|吗)|(最新|最近)(进展|消息)|进展(如何|怎样|怎么样)|(那个|这个|那起|那件)[^。]{0,16}(案子|案件)[^。]{0,12}(判了|起诉了|移送了|结案了|怎么样了|进展)|(判了|起诉了|移送起诉了|移送了|结案了|被查了|落马了)(没有?|吗)[？?]?$|(通报|落马|被查|被抓|被带走|被留置|双开|点名|曝光|公布)了?[^。]{0,10}(哪几(个|位|名|人|起|件)|哪些人|都有谁|有谁|都是谁|哪个人)|(最近一期|最新一期|上一期|昨天|前天|前阵子|上个月|上周|这周)[^。]{0,16}(通报|落马|公布|曝光)|(公报|全会|讲话)(里|中)?[^。]{0,6}(讲了|说了)(啥|什么)|(剧情|大结局|结局是|演员)/.test(q),
  },
  {
    why: '统计数字或对人和事的预测',
    test: (q) =>
      /预测|推测|(估计|预计|猜)(一下|下)|(你|您)(估计|预计|猜)[^。]{0,24}(多少|会不会|能不能|能否|多还是少|哪个|几)|(你|您)(觉得|看)[^。]{0,16}(能不能|会不会|能否|有没有希望)(提拔|升职|晋升|转正|当上|升到|提副|提正)|(通过率|合格率|录取率|及格率)|平均[^。]{0,12}(多少|几)(个|名|人|起|件|天|万)|(近|这)(两|三|几|五|十)年[^。]{0,16}(多少|几)(个|名|人|起|件|天)|排个名|排一下名|哪个(省|市|县|区|单位|部门)[^。]{0,16}最(多|少)|(一共|总共|累计|大概|大约)?(查处|处分|立案|通报|留置|落马|处理)了?(多少|几)(个|名|人|起|件|万)|(今年|去年|明年|上半年|下半年|每年|全国|全省|全市|各省|各地)[^。]{0,16}(多少(个|名|人|起|件)|排名|比例|占比|百分之|增长|下降|同比)|排名(怎么样|如何|第几)|占[^。]{0,8}(比例|比重|百分之)|(系统|全国|全省|全市)[^。]{0,8}(有多少|多少名|多少个)(干部|人|纪检)|会不会被(查|抓|留置|双规|处分|提拔)|(能不能|会不会|有没有希望)(被)?(提拔|升职|晋升|当上|转正)(吗)?[？?]?$|能不能(躲过|逃过)/.test(q),
  },
  {
    why: '个人看法或闲聊',
    test: (q) =>
      (/(你|您)(觉得|认为|看|说|怎么看)/.test(q) && !intentsOf(q).length && !aboutConduct(q)) ||
      (!aboutMisconduct(q) &&
        /(评价|点评)一下|怎么看待|(人|这人|他|她)(怎么样|好不好|咋样)[？?]?$|累不累|值得.{0,8}吗|值不值|(有|没有|有没有)前途|前途(如何|怎么样)|(哪个|哪家|哪里|哪儿|哪种)[^。]{0,12}(好待|更好|比较好|好玩|好吃|轻松|福利|有前途|更适合|有意思)|讲个?笑话|陪我|聊(会儿|一会|聊)?天|你是谁|你叫什么|推荐(几|一|个|些|点|下|一下)[^。]{0,12}(书|电影|电视剧|剧|歌|音乐|餐厅|饭店|景点|地方)/.test(q)),
  },
  {
    why: '电脑、软件等技术操作',
    test: (q) =>
      !aboutMisconduct(q) &&
      // words that only ever mean computers and office software …
      (/登录|登陆|密码|验证码|账号(被)?(锁|注销|找回)|Excel|excel|EXCEL|WPS|wps|透视表|表格.{0,4}(公式|函数|排序|筛选|怎么做|合并)|打印机|扫描仪|复印机|蓝屏|死机|WiFi|wifi|无线网|U盘|腾讯会议|钉钉|学习强国/.test(q) ||
        // … and words that may be a case's facts ("把投影仪搬回家", "网上传"), when the question is how to make one work
        (!aboutConduct(q) &&
          /电脑|笔记本|投影|投屏|网络|网速|软件|APP|App|app|小程序|系统|平台|附件|视频会议|积分|Word|PPT/.test(q) &&
          /连不上|打不开|上不去|登不上|传不上|传不了|报错|崩了|闪退|卡住|卡死|坏了|没反应|不能用|用不了|怎么(设置|弄|装|用|操作|做|传|刷)|咋(整|弄|办)|刷得?快/.test(q))),
  },
  {
    why: '纪检监察法规之外的日常事务',
    test: (q) =>
      (!aboutMisconduct(q) && /(年休假|年假|婚假|产假|陪产假|探亲假|丧假)(能|有|休|多少|几天)|个税|个人所得税|专项附加扣除|公积金|工资关系|社保(转移|关系|缴费|断缴)|养老金|退休年龄/.test(q)) ||
      (!aboutConduct(q) &&
      /天气|下雨|气温|(推荐|买|炒).{0,6}(股票|基金)|(股票|基金).{0,4}(涨|跌|行情|收益|怎么买)|比特币|彩票|菜谱|做菜|减肥|旅游攻略|电影|足球|篮球|游戏|考研|高考|发烧|感冒|看病|去医院|(年休假|年假|婚假|产假|陪产假|病假|探亲假|丧假)|个税|个人所得税|专项附加扣除|社保|医保|公积金|职称|遴选|公务员考试|考公|工资.{0,8}(调|涨|发放|多少|标准|档次)|出差.{0,6}(住宿|伙食|补助)|(住宿费|伙食费|差旅费|路费).{0,10}(标准|多少|最多|上限|报多少)|报销标准|退休年龄|养老金|体检|停车|食堂|调动手续|(档案|人事关系)(怎么)?转/.test(q)),
  },
  {
    why: '民事、劳动等一般法律事务',
    test: (q) =>
      !aboutConduct(q) &&
      !ACTOR.test(q) &&
      /离婚|彩礼|抚养|继承|遗产|遗嘱|婚前|按揭|房贷|首付|贷款利率|交通事故|车祸|撞伤|撞了人|赔多少|赔偿(标准|多少)|劳动合同|试用期|加班费|辞退|裁员|工伤|社保断缴|欠薪|拖欠工资|房东|租房|押金|物业|装修|邻居|网购|退货|退款|消费者|打官司|律师费/.test(q),
  },
]

/** The reason a question is outside what the knowledge base answers, or undefined. */
export function outsideDomain(q: string): string | undefined {
  return OUTSIDE.find((o) => o.test(q))?.why
}

export function judge(s: BasisInput, p: BasisPolicy = DEFAULT_BASIS): { support: Support; outside?: string } {
  if (s.lookup) return { support: 'answer' }
  const outside = outsideDomain(s.question)
  if (outside) return { support: 'none', outside }
  if (!anchored(s.question)) return { support: 'none' }
  return { support: s.coverage >= p.domain ? 'answer' : 'weak' }
}
