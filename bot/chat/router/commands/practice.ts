/**
 * /练习 —— personal practice in private chat (see bot/office/quiz/practice.ts).
 */
import { UserError } from '../../../errors.js'
import { PRACTICE_HELP, type PracticeBook } from '../../../office/quiz/practice.js'
import { matchesFilter } from '../../../office/quiz/items.js'
import type { Handler } from '../compose.js'

export const practice = (book: PracticeBook | undefined, titleOf: ((basis: string) => string | undefined) | undefined, args: string): Handler => async (ctx) => {
  ctx.outcome = 'command:练习'
  if (!book) throw new UserError('练习功能未启用。')
  if (ctx.msg.room) throw new UserError('练习请私聊助手发送“/练习”：错题本只给本人看。')
  if (!ctx.actor.known) throw new UserError('练习需要先登记到名册：请联系管理员，或发送“/绑定 绑定码”。')
  const m = /^\s*(\S*)\s*([\s\S]*)$/.exec(args)
  const sub = m?.[1] ?? ''
  const rest = (m?.[2] ?? '').trim().slice(0, 40)
  const key = ctx.actor.key
  switch (sub) {
    case '':
    case '开始':
      await ctx.reply(book.start(key))
      return
    case '新题':
      await ctx.reply(book.start(key, { fresh: true, filter: rest ? (it) => matchesFilter(it, rest, titleOf ?? (() => undefined)) : undefined }))
      return
    case '结束':
      await ctx.reply(book.end(key) ? '本轮练习已结束。' : '现在没有进行中的练习。')
      return
    case '错题本': {
      const cards = book.cards(key)
      if (!cards.length) {
        await ctx.reply('错题本是空的：测验和练习中答错的题会自动记入。')
        return
      }
      const due = book.dueNow(key)
      await ctx.reply([`错题本共 ${cards.length} 题，现在到期 ${due} 题。`, ...cards.slice(0, 10).map((c) => `· ${c.item.stem.slice(0, 30)}${c.item.stem.length > 30 ? '…' : ''}（${c.item.cite}，答错 ${c.wrong} 次）`), '发送“/练习”复习到期的题。'].join('\n'))
      return
    }
    case '提醒': {
      if (rest !== '开' && rest !== '关') throw new UserError('请写“/练习 提醒 开”或“/练习 提醒 关”。')
      book.setNudge(key, rest === '开')
      await ctx.reply(rest === '开' ? '已开启：工作日上班时间，如有到期的错题，会私信提醒您一次。' : '已关闭练习提醒。')
      return
    }
    case '帮助':
      await ctx.reply(PRACTICE_HELP)
      return
    default:
      throw new UserError(`没有“${sub.slice(0, 10)}”这个练习命令。\n${PRACTICE_HELP}`)
  }
}
