/**
 * The frame of a 定性 question: who the person is as far as the sanction system goes, and the words
 * that only say what kind of answer is wanted ("非党员的……，政务处分按哪条？"). The frame picks the
 * system whose article leads (rag/rank/parallels.ts); its words are left out of the query terms, as a
 * named regulation's are, because they match the general articles on sanctions in every system
 * rather than the article on the behaviour.
 *
 * @example frameOf('非党员科员收了两千块购物卡，政务处分咋定？') // 'gov'
 * @example stripFrame('非党员科员收了两千块购物卡，政务处分咋定？') // '科员收了两千块购物卡， ？'
 */
import { intentsOf } from './intent.js'

/**
 * Who the question is about, as far as the sanction system goes:
 * - `gov`: a public servant said not to be a party member; a question that asks for a 政务处分 and
 *   names no party member; or a 定性 question about a 公务员/公职人员 not said to be a party member;
 * - `soe`: a manager of a state-owned enterprise said not to be a party member;
 * - `party`: a party member, or a question that asks for a 党纪处分;
 * - undefined: not said, or both systems asked for (a colleague would give both).
 */
export type Frame = 'gov' | 'soe' | 'party'

// "不管是不是党员" is not a non-member.
const NON_MEMBER = /非(中共)?党员|(?<!是)不是(中共)?党员|并非党员|群众身份|无党派|民主党派|党外(人士|干部|人员)?|没入党|未入党/
const GOV_SANCTION = /政务处分|政务处理|政纪处分|行政处分/
const PARTY_SANCTION = /党纪|党内处分|党内警告|党内严重警告|开除党籍|留党察看/
const MEMBER = /(?<!是不是)党员|党组书记|支部书记|党委书记|党支部/
const SOE = /国企|国有企业|国有控股|国有独资|国有资本|央企/

export function frameOf(q: string): Frame | undefined {
  if (NON_MEMBER.test(q)) return SOE.test(q) ? 'soe' : 'gov'
  const member = MEMBER.test(q)
  const gov = GOV_SANCTION.test(q)
  const party = PARTY_SANCTION.test(q)
  if (gov && party) return undefined
  if (gov && !member) return 'gov'
  if (party || member) return 'party'
  // "公务员打麻将赌钱会被开除吗": a public servant not said to be a party member, in a question
  // that asks how to qualify a behaviour (a procedural question about 公职人员 is about them).
  if (PUBLIC_SERVANT.test(q) && intentsOf(q).includes('qualify')) return 'gov'
  return undefined
}

const PUBLIC_SERVANT = /公职人员|公务员|事业单位(工作人员|职工|人员)/

/**
 * Words that state the frame or the asking act of a 定性 question, not the behaviour: sanction
 * systems and the ways of asking for a qualification.
 */
const ASKING = new RegExp(
  [
    '(党纪|政务|纪律|行政|政纪)(和|与|、)?(政务)?(处分|处理)',
    // longest alternatives first, so that 哪一条 and 哪种 go whole; the kind of answer may follow
    '(这|那)?(算|属于|属|是|构成|(?<![规决确制约])定|认定|定性|归|按|适用|依据|套)(个)?(哪一条|哪条|哪种|何种|什么|啥|哪)(问题|性质|情况|条|行为|错误|责任|处分|处理)*',
    '(咋|怎么|怎样|如何|该怎么|应该怎么|要怎么|应当如何)(定性|定|认定|处理|处分|给|算)',
    // only at the end of the asking clause: "违规不报告" is the behaviour itself
    '(违纪|违规|违法|违反纪律)(吗|不|么|没有?|了吗|了没)(?=[？?。，,！!\\s]|$)',
    '(担|负|承担|追究)?(啥|什么|哪些)(纪律)?(责任|处分)',
    '(能|给|该|应|要)?(给予?|受)(他|她|其)?(哪种|何种|什么|啥)(政务处分|党纪处分|处分)',
    '(会|能|要|该)?(被)?(开除|撤职|降级|记大过|记过|警告|双开)(吗|么|不)',
    '定性|按哪一条|按哪条|归哪条|哪一条|哪条',
  ].join('|'),
  'g',
)

/**
 * Words that say the person is a public servant who is not a party member: in that frame they only
 * pick the system (the general articles of every sanction law are full of them).
 */
const STATUS = new RegExp([NON_MEMBER.source, '(其他)?公职人员|公务员|事业单位(工作人员|职工|人员)?'].join('|'), 'g')

/**
 * The question without the words of its frame (for the terms of a 定性 question). Membership words
 * stay in a party member's question: they are what the 条例's articles say.
 */
export function stripFrame(q: string, frame: Frame | undefined = frameOf(q)): string {
  const out = q.replace(ASKING, ' ')
  return (frame === 'gov' || frame === 'soe' ? out.replace(STATUS, ' ') : out).replace(/\s+/g, ' ').trim()
}
