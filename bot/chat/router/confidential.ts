/**
 * Case details do not belong in a group chat. A group message that looks like one (ID-card,
 * phone or bank numbers, a person's name next to 涉嫌/留置/线索/举报人 …) gets a reminder to use a
 * private channel and goes no further: it is neither answered nor echoed.
 *
 * @example looksConfidential('王建国涉嫌受贿，线索怎么处置') // '人名与案情'
 */
import type { Handler } from './compose.js'

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const CASE_WORDS = '涉嫌|被留置|留置|被举报|举报了|线索|受贿|行贿|贪污|挪用|被调查|被审查|立案|双规'

const PATTERNS: Array<[RegExp, string]> = [
  [/(?<![0-9])[1-9]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?![0-9])/, '身份证号'],
  [/(?<![0-9])1[3-9]\d{9}(?![0-9])/, '手机号'],
  [/(?<![0-9])\d{16,19}(?![0-9])/, '银行卡号'],
  [new RegExp(`(?<![\\u4e00-\\u9fff])[${SURNAMES}][\\u4e00-\\u9fff]{1,2}(?<![某])(同志|书记|局长|主任|科长|处长|镇长|县长|经理)?[^，。？！\\s]{0,4}(${CASE_WORDS})`), '人名与案情'],
  [new RegExp(`(举报人|检举人|被举报人|被调查人|当事人)(是|叫|为|：|:)\\s*[${SURNAMES}][\\u4e00-\\u9fff]{1,2}`), '人名与案情'],
]

// Words that start like a name but are not one ("王某", "张某某" are already anonymised).
const NOT_NAMES = /^(何时|何种|何为|何谓|何处|何以|周末|周边|范围|钱款|钱财|董事|罗列|江苏|江西|万一|方面|方式|方法|同时|高度|周期|程序|于是|任何|任务|金额|万元|石头|白条|向上|向下|马上|江湖|叶子|龙头|史上|汤圆|严重|严格|严肃|严禁|毛病|常委|许多|许可|许诺|武器|曾经|温度|邱|韦)/

export function looksConfidential(text: string): string | undefined {
  for (const [re, what] of PATTERNS) {
    const m = re.exec(text)
    if (!m) continue
    if (what === '人名与案情' && re === PATTERNS[3]![0]) {
      const name = m[0].slice(0, 3)
      if (/^.某/.test(name) || NOT_NAMES.test(m[0].slice(0, 2)) || NOT_NAMES.test(m[0].slice(1, 3))) continue
    }
    return what
  }
  return undefined
}

export const CONFIDENTIAL_NOTICE = '这条消息可能含有案情或个人信息（{what}），请勿在群里发送。如需咨询，请私聊助手，并隐去姓名、证件号等信息。'

export const confidentiality = (): Handler => async (ctx, next) => {
  if (ctx.msg.room) {
    const what = looksConfidential(ctx.text)
    if (what) {
      ctx.outcome = 'confidential-warning'
      await ctx.reply(CONFIDENTIAL_NOTICE.replace('{what}', what))
      return
    }
  }
  await next()
}
