import type { Handler } from '../compose.js'

export const HELP_TEXT = [
  '纪检助手用法：',
  '· 直接提问，例如“线索转过来多久要拿出处置意见？”（群里请先 @助手）',
  '· /条 监察法 48 —— 查某部法规的某一条',
  '· /搜 谈话函询 —— 按关键词检索条文和实务材料',
  '· /原文 2 —— 查看上一条答复中第 2 个引用的全文',
  '· /反馈 👍 或 /反馈 👎 说明 —— 评价上一条答复',
  '答复只依据知识库中的法规和文件，并注明出处、版本和是否现行有效；没有依据时会直接说明。',
  '请勿在群里发送案情、姓名、证件号等信息。',
].join('\n')

export const help = (): Handler => async (ctx) => {
  ctx.outcome = 'command:帮助'
  await ctx.reply(HELP_TEXT)
}
