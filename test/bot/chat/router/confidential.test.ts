import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { looksConfidential } from '../../../../bot/chat/router/confidential.js'
import { FIXTURES } from '../../../helpers/kb.js'

describe('case-detail detection', () => {
  it.each([
    ['身份证号 110101199003071234 的人被举报了', '身份证号'],
    ['他的电话是13912345678', '手机号'],
    ['账户6222021234567890123有大额进账', '银行卡号'],
    ['王建国涉嫌受贿，怎么处置', '人名与案情'],
    ['李明书记被留置了吗', '人名与案情'],
    ['举报人是张伟，要不要保密', '人名与案情'],
  ])('flags “%s”', (text, what) => {
    expect(looksConfidential(text)).toBe(what)
  })

  it('lets ordinary procedural questions through', () => {
    const questions = readFileSync(join(FIXTURES, 'eval/colloquial.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).question as string)
    const extra = ['王某涉嫌受贿，线索怎么处置', '何时立案审查调查', '任何线索都要登记吗', '高度重视问题线索', '留置期限最长多久', '谈话函询要谁批准']
    for (const q of [...questions, ...extra]) expect(looksConfidential(q), q).toBeUndefined()
  })
})
