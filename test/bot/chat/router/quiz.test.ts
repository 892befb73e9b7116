/** Quizzes through the router: answers need no @, commands and questions still work during a quiz. */
import { describe, expect, it } from 'vitest'
import { routerFixture } from '../../../helpers/bot.js'

describe('quiz through the router', () => {
  it('takes unmentioned answers in the quiz room, keeps answering questions, and ignores other rooms', async () => {
    const f = await routerFixture()
    const admin = { id: 'wx-li', name: '李书记' }
    const member = { id: 'wx-wang', name: '王科长' }
    await f.route(f.msg('@助手 /测验 开始 2 30', { roomTopic: '培训群', from: admin, mentionSelf: true }))
    const posted = f.channel.take()
    expect(posted[0]).toMatch(/应知应会测验】开始！共 2 题/)
    expect(posted[1]).toMatch(/【第 1\/2 题】/)
    const q = f.quiz.live('培训群@chatroom')!
    // An answer without @: taken, no reply, no other handler sees it.
    const answer = posted[1]!.includes('请回复“对”或“错”') ? '对' : posted[1]!.includes('所填内容') ? '三个月' : 'A'
    await f.route(f.msg(answer, { roomTopic: '培训群', from: member }))
    expect(f.channel.take()).toEqual([])
    expect(f.quiz.live('培训群@chatroom')?.current).toBe(1)
    expect(f.office.db.prepare('SELECT COUNT(*) AS n FROM quiz_answers WHERE quiz_id = ?').get(q.id)).toEqual({ n: 1 })
    // A question to the bot during the quiz is still answered.
    await f.route(f.msg('@助手 线索处置有哪几种方式？', { roomTopic: '培训群', from: member, mentionSelf: true }))
    expect(f.channel.take().join('\n')).toMatch(/谈话函询/)
    // The same letters in another room are just chat (dropped: not mentioned).
    await f.route(f.msg('A', { roomTopic: '闲聊群', from: member }))
    expect(f.channel.take()).toEqual([])
    // Someone who is not a trainer cannot end it.
    await f.route(f.msg('@助手 /测验 结束', { roomTopic: '培训群', from: member, mentionSelf: true }))
    expect(f.channel.take().join()).toMatch(/只有发起这场测验的培训管理员/)
    await f.route(f.msg('@助手 /测验 结束', { roomTopic: '培训群', from: admin, mentionSelf: true }))
    expect(f.channel.take().join('\n')).toMatch(/结束（培训管理员结束）：共出 1 题，1 人参加/)
  })

  it('answers a malformed quiz command with its usage, in Chinese', async () => {
    const f = await routerFixture()
    await f.route(f.msg('@助手 /测验 开场', { roomTopic: '培训群', from: { id: 'wx-li', name: '李书记' }, mentionSelf: true }))
    expect(f.channel.take().join()).toMatch(/没有“开场”这个测验命令[\s\S]*\/测验 开始/)
    await f.route(f.msg('/测验 开始', { from: { id: 'wx-li', name: '李书记' } }))
    expect(f.channel.take().join()).toMatch(/测验在群里进行/)
  })
})
