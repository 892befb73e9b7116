import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCalendar } from '../../../../bot/office/rectification/calendar.js'
import { WechatyBuilder } from 'wechaty'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { fixedClock } from '../../../../bot/clock.js'
import { WechatyChannel } from '../../../../bot/chat/channels/wechaty.js'
import { hasher } from '../../../../bot/hash.js'
import { createLogger } from '../../../../bot/log.js'
import { createRouter } from '../../../../bot/chat/router/index.js'
import { RATE_NOTICE } from '../../../../bot/chat/router/guards.js'
import { Sessions } from '../../../../bot/chat/router/sessions.js'
import { MemoryFeedback } from '../../../helpers/bot.js'
import { fixtureKnowledge } from '../../../helpers/kb.js'
import { ledgerFixture } from '../../../helpers/ledger.js'

/** Waits for a condition (the router has handled n messages, a reply has arrived), not for a fixed time. */
async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

let ctx: {
  mocker: InstanceType<typeof mock.Mocker>
  channel: WechatyChannel
  user: ReturnType<InstanceType<typeof mock.Mocker>['createContact']>
  alice: ReturnType<InstanceType<typeof mock.Mocker>['createContact']>
  room: ReturnType<InstanceType<typeof mock.Mocker>['createRoom']>
  roomSaw: string[]
  aliceSaw: string[]
  /** Messages from others the router has finished with (answered, dropped or refused). */
  handled: () => number
}

async function setup(maxReplyBytes = 2000) {
  const kb = await fixtureKnowledge()
  const mocker = new mock.Mocker()
  const puppet = new PuppetMock({ mocker })
  const wechaty = WechatyBuilder.build({ puppet })
  const log = createLogger('silent')
  const channel = new WechatyChannel({ log, name: 'test', qrOut: process.stderr, wechaty })
  const clock = { now: () => new Date() }
  const route = createRouter({
    channel, log, hash: hasher('s'), clock,
    library: kb.index, retriever: kb.retriever, answerer: kb.answerer,
    sessions: new Sessions(fixedClock('2026-11-21T00:00:00Z'), 60_000), feedback: new MemoryFeedback(),
    calendar: createCalendar(),
    channelName: 'wechaty', roster: ledgerFixture('2026-11-21T00:00:00Z', ':memory:').roster,
    options: { botName: '助手', allow: { rooms: [], people: [] }, limits: { perPerson: 3, perRoom: 50, windowMs: 60_000 }, maxReplyBytes, staleMs: 120_000, startedAt: new Date() },
  })
  const user = mocker.createContact({ name: '助手' })
  const alice = mocker.createContact({ name: '张三' })
  const room = mocker.createRoom({ id: 'kb-test@chatroom', topic: '纪检群', memberIdList: [user.id, alice.id] } as never)
  let handled = 0
  await channel.start(async (m) => {
    try {
      await route(m)
    } finally {
      if (!m.self) handled++
    }
  })
  mocker.login(user)
  await channel.loggedIn
  const roomSaw: string[] = []
  const aliceSaw: string[] = []
  ;(room as unknown as NodeJS.EventEmitter).on('message', (m: { payload?: { text?: string; talkerId?: string } }) => {
    if (m.payload?.talkerId === user.id) roomSaw.push(m.payload?.text ?? '')
  })
  ;(alice as unknown as NodeJS.EventEmitter).on('message', (m: { payload?: { text?: string; talkerId?: string; roomId?: string } }) => {
    if (m.payload?.talkerId === user.id && !m.payload?.roomId) aliceSaw.push(m.payload?.text ?? '')
  })
  ctx = { mocker, channel, user, alice, room, roomSaw, aliceSaw, handled: () => handled }
}

describe('wechaty channel on wechaty-puppet-mock', () => {
  beforeEach(async () => {
    await setup()
  })
  afterEach(async () => {
    await ctx.channel.stop()
  })

  it('answers a mention in a room and @s the asker', async () => {
    ctx.alice.say('@助手 被函询人收到函件后多长时间内要书面说明？', [ctx.user]).to(ctx.room)
    await until(() => ctx.handled() >= 1 && ctx.roomSaw.length >= 1, 'the answer')
    expect(ctx.roomSaw).toHaveLength(1)
    expect(ctx.roomSaw[0]).toMatch(/^@张三 /)
    expect(ctx.roomSaw[0]).toContain('15个工作日')
  })

  it('ignores a room message that does not mention it', async () => {
    ctx.alice.say('被函询人收到函件后多长时间内要书面说明？').to(ctx.room)
    await until(() => ctx.handled() >= 1, 'the message to be handled')
    expect(ctx.roomSaw).toEqual([])
  })

  it('answers in private chat', async () => {
    ctx.alice.say('被函询人收到函件后多长时间内要书面说明？').to(ctx.user)
    await until(() => ctx.handled() >= 1 && ctx.aliceSaw.length >= 1, 'the answer')
    expect(ctx.aliceSaw).toHaveLength(1)
    expect(ctx.aliceSaw[0]).toContain('15个工作日')
  })

  it('answers a message delivered twice only once', async () => {
    ctx.alice.say('被函询人收到函件后多长时间内要书面说明？').to(ctx.user)
    await until(() => ctx.handled() >= 1 && ctx.aliceSaw.length >= 1, 'the first answer')
    const last = [...ctx.mocker.cacheMessagePayload.keys()].find((id) => ctx.mocker.cacheMessagePayload.get(id)?.talkerId === ctx.alice.id) as string
    ctx.mocker.puppet.emit('message', { messageId: last })
    // The second delivery has gone through the router before "only once" is checked.
    await until(() => ctx.handled() >= 2, 'the second delivery to be handled')
    expect(ctx.aliceSaw).toHaveLength(1)
  })

  it('sends a rate-limit notice once', async () => {
    for (let i = 1; i <= 6; i++) {
      ctx.alice.say(`/条 示例纪检工作规则 ${i}`).to(ctx.user)
      await until(() => ctx.handled() >= i, `message ${i} to be handled`)
    }
    await until(() => ctx.aliceSaw.length >= 4, 'the replies')
    expect(ctx.aliceSaw.filter((t) => t === RATE_NOTICE)).toHaveLength(1)
    expect(ctx.aliceSaw).toHaveLength(4)
  })

  it('warns about case details in a group instead of answering', async () => {
    ctx.alice.say('@助手 王建国涉嫌受贿，线索怎么处置', [ctx.user]).to(ctx.room)
    await until(() => ctx.handled() >= 1 && ctx.roomSaw.length >= 1, 'the warning')
    expect(ctx.roomSaw).toHaveLength(1)
    expect(ctx.roomSaw[0]).toMatch(/请勿在群里发送/)
    expect(ctx.roomSaw[0]).not.toContain('王建国')
  })
})

describe('wechaty channel: reminders', () => {
  afterEach(async () => {
    await ctx.channel.stop()
  })

  it('is ready only while logged in, so the scheduler pauses before login and after logout', async () => {
    const mocker = new mock.Mocker()
    const wechaty = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) })
    const channel = new WechatyChannel({ log: createLogger('silent'), name: 'ready', qrOut: process.stderr, wechaty })
    await channel.start(async () => {})
    expect(channel.ready()).toBe(false)
    const me = mocker.createContact({ name: '助手' })
    mocker.login(me)
    await channel.loggedIn
    expect(channel.ready()).toBe(true)
    await mocker.puppet.logout()
    await until(() => !channel.ready(), 'the logout')
    expect(channel.ready()).toBe(false)
    await channel.stop()
    await setup() // afterEach stops ctx.channel
  })

  it('delivers to an account id and never to a namesake', async () => {
    await setup()
    await ctx.channel.send({ person: { id: ctx.alice.id, name: '张三' } }, '【整改提醒】测试')
    await until(() => ctx.aliceSaw.length >= 1, 'the reminder')
    expect(ctx.aliceSaw).toEqual(['【整改提醒】测试'])
    // Unknown id, known name: refused (the old name fallback could hand a finding to anyone called 张三).
    await expect(ctx.channel.send({ person: { id: 'no-such-id', name: '张三' } }, '【整改提醒】机密')).rejects.toThrow(/contact not found/)
  })
})

describe('wechaty channel: login by QR code', () => {
  it('draws the QR code in the terminal when the puppet asks for a scan', async () => {
    const mocker = new mock.Mocker()
    const wechaty = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) })
    let drawn = ''
    const qrOut = { write: (s: string) => ((drawn += s), true) } as unknown as NodeJS.WritableStream
    const channel = new WechatyChannel({ log: createLogger('silent'), name: 'qr', qrOut, wechaty })
    await channel.start(async () => {})
    mocker.scan('https://example.invalid/qr-login-code')
    await until(() => drawn.includes('请用微信扫码登录') && drawn.split('\n').length > 10, 'the QR code')
    expect(drawn).toMatch(/请用微信扫码登录/)
    expect(drawn.split('\n').length).toBeGreaterThan(10)
    await channel.stop()
  })
})

describe('wechaty channel: long answers', () => {
  afterEach(async () => {
    await ctx.channel.stop()
  })
  it('splits a long answer into several messages under the limit', async () => {
    await setup(300)
    ctx.alice.say('示例纪检工作规则第6条').to(ctx.user)
    await until(() => ctx.handled() >= 1 && ctx.aliceSaw.length > 1, 'the parts of the answer')
    expect(ctx.aliceSaw.length).toBeGreaterThan(1)
    for (const t of ctx.aliceSaw) expect(Buffer.byteLength(t)).toBeLessThanOrEqual(300)
  })
})
