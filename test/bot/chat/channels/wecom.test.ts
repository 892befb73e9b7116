/**
 * The WeCom channel through the real SDK, pointed at a loopback server that speaks the protocol:
 * group mention answered in Markdown on its stream, a duplicate callback answered once, a long
 * answer split, files refused politely, proactive messages, reconnect, and the server saying that
 * another connection took over.
 */
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { STREAM_WINDOW_MS, WecomChannel, splitBytes, textOf } from '../../../../bot/chat/channels/wecom.js'
import type { Incoming } from '../../../../bot/chat/channels/types.js'
import { createLogger } from '../../../../bot/log.js'
import { FakeWecom, until } from '../../../helpers/wecom-server.js'

const servers: FakeWecom[] = []
const channels: WecomChannel[] = []
afterEach(async () => {
  for (const c of channels.splice(0)) await c.stop()
  for (const s of servers.splice(0)) await s.close()
})

async function setup(onMessage?: (m: Incoming, ch: WecomChannel) => Promise<void>) {
  const server = await FakeWecom.start()
  servers.push(server)
  const lines: string[] = []
  const log = createLogger('debug', new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }))
  const replaced: number[] = []
  const ch = new WecomChannel({ botId: 'bot1', secret: 'top-secret-value', wsUrl: server.url, log, reconnectInterval: 50, onReplaced: () => void replaced.push(1) })
  channels.push(ch)
  const got: Incoming[] = []
  const started = ch.start(async (m) => {
    got.push(m)
    await onMessage?.(m, ch)
  })
  return { server, ch, got, lines, started, replaced }
}

describe('WeCom channel', () => {
  it('subscribes with the bot id and secret, and never logs the secret', async () => {
    const { server, ch, lines } = await setup()
    await until(() => ch.ready())
    expect(server.subscribes).toEqual([{ bot_id: 'bot1', secret: 'top-secret-value' }])
    expect(lines.join('')).not.toContain('top-secret-value')
  })

  it('answers a group mention on its stream in Markdown, and a replayed callback only once', async () => {
    const { server, ch, got } = await setup(async (m, c) => {
      await c.send({ room: m.room, person: m.from, mention: true }, `**答复**：${m.text}`, { markdown: true })
    })
    await until(() => ch.ready())
    const body = { msgid: 'm1', chattype: 'group', chatid: 'g1', from: { userid: 'zhangsan' }, msgtype: 'text', text: { content: '@助手 线索怎么处置' } }
    const req = server.message(body)
    await until(() => server.replies().length === 1)
    // The same callback again (as after a reconnect): not answered twice. A later message, arriving
    // on the same connection after it, shows the replay has been read before "once" is checked.
    server.message(body)
    server.message({ ...body, msgid: 'm2', text: { content: '@助手 之后的消息' } })
    await until(() => got.some((m) => m.id === 'm2') && server.replies().length === 2)
    expect(got.map((m) => m.id)).toEqual(['m1', 'm2'])
    expect(got[0]).toMatchObject({ id: 'm1', kind: 'text', room: { id: 'g1' }, mentionSelf: true, from: { id: 'zhangsan' } })
    const r = server.replies()
    expect(r).toHaveLength(2)
    expect(r[0]?.headers.req_id).toBe(req)
    expect(r[0]?.body).toMatchObject({ msgtype: 'stream', stream: { finish: true, content: '**答复**：@助手 线索怎么处置' } })
  })

  it('offers 👍/👎 under an answer and hands a rating to the router once, ignoring malformed ones', async () => {
    const { server, ch, got, lines } = await setup(async (m, c) => {
      if (m.kind === 'text') await c.send({ room: m.room, person: m.from, mention: true }, '答复')
    })
    await until(() => ch.ready())
    server.message({ msgid: 'q1', chattype: 'group', chatid: 'g1', from: { userid: 'zhangsan' }, msgtype: 'text', text: { content: '@助手 留置多久' } })
    await until(() => server.replies().length === 1)
    // The first stream reply carries a feedback id: the id of the message it answers.
    expect(server.replies()[0]?.body).toMatchObject({ stream: { feedback: { id: 'q1' } } })
    const rating = { msgid: 'fb1', chattype: 'group', chatid: 'g1', from: { userid: 'zhangsan' } }
    server.event('feedback_event', rating, { id: 'q1', type: 2, content: '期限说错了', inaccurate_reason_list: [3] })
    server.event('feedback_event', rating, { id: 'q1', type: 2, content: '期限说错了', inaccurate_reason_list: [3] })
    server.event('feedback_event', { msgid: 'fb2', from: { userid: 'zhangsan' } }, { id: 'q1', type: 9 })
    server.event('feedback_event', { msgid: 'fb3', from: { userid: 'zhangsan' } }, { id: 'q1', type: 3 })
    // A message after the events: once it is in, every event before it has been read.
    server.message({ msgid: 'q2', chattype: 'group', chatid: 'g1', from: { userid: 'zhangsan' }, msgtype: 'text', text: { content: '@助手 之后的消息' } })
    await until(() => got.some((m) => m.id === 'q2'))
    expect(got.slice(1, 3)).toMatchObject([
      { id: 'fb1', kind: 'rating', room: { id: 'g1' }, from: { id: 'zhangsan' }, rating: { rating: 'down', comment: '期限说错了', reasons: [3], answerTo: 'q1' } },
      { id: 'fb3', kind: 'rating', rating: { rating: 'withdrawn', comment: '', reasons: [], answerTo: 'q1' } },
    ])
    expect(got.map((m) => m.id)).toEqual(['q1', 'fb1', 'fb3', 'q2'])
    expect(lines.filter((l) => l.includes('malformed feedback event'))).toHaveLength(1)
    // The comment is message text: never logged.
    expect(lines.join('')).not.toContain('期限说错了')
  })

  it('sends the later parts of a reply, and replies to stale messages, as new messages', async () => {
    const { server, ch } = await setup(async (m, c) => {
      await c.send({ person: m.from }, '第一部分')
      await c.send({ person: m.from }, '第二部分')
    })
    await until(() => ch.ready())
    server.message({ msgid: 'm2', chattype: 'single', from: { userid: 'lisi' }, msgtype: 'text', text: { content: '留置多久' } })
    await until(() => server.sends().length === 1)
    expect(server.replies()).toHaveLength(1)
    expect(server.sends()[0]?.body).toMatchObject({ chatid: 'lisi', msgtype: 'markdown', markdown: { content: '第二部分' } })
  })

  it('answers by send-message, not on the stream, once the stream window has passed', async () => {
    // The platform lets a stream be written for about five minutes; a reply later than the
    // window (a slow model, a queue) goes out as a new message instead of on an expired stream.
    let t = Date.parse('2026-12-03T02:00:00Z')
    const server = await FakeWecom.start()
    servers.push(server)
    const ch = new WecomChannel({ botId: 'bot1', secret: 's', wsUrl: server.url, log: createLogger('silent'), now: () => new Date(t) })
    channels.push(ch)
    await ch.start(async (m) => {
      t += STREAM_WINDOW_MS + 1000
      await ch.send({ person: m.from }, '迟到的答复')
    })
    await until(() => ch.ready())
    server.message({ msgid: 'late1', chattype: 'single', from: { userid: 'lisi' }, msgtype: 'text', text: { content: '留置多久' } })
    await until(() => server.sends().length === 1)
    expect(server.replies()).toHaveLength(0)
    expect(server.sends()[0]?.body).toMatchObject({ chatid: 'lisi', markdown: { content: '迟到的答复' } })
  })

  it('splits a long answer under the Markdown limit', () => {
    const parts = splitBytes(`${'条文内容很长。'.repeat(2000)}\n结尾`, 20_000)
    expect(parts.length).toBeGreaterThan(1)
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(20_000)
    expect(parts.join('')).toContain('结尾')
  })

  it('reads text, mixed and voice messages; files are "other"', () => {
    expect(textOf({ msgtype: 'mixed', mixed: { msg_item: [{ msgtype: 'text', text: { content: '看图' } }, { msgtype: 'image' }] } })).toBe('看图')
    expect(textOf({ msgtype: 'voice', voice: { content: '留置多久' } })).toBe('留置多久')
    expect(textOf({ msgtype: 'file' })).toBeUndefined()
  })

  it('hands a file in single chat to the router as a non-text message, with the quote kept as context', async () => {
    const { server, ch, got } = await setup()
    await until(() => ch.ready())
    server.message({ msgid: 'm3', chattype: 'single', from: { userid: 'lisi' }, msgtype: 'file', file: { url: 'http://127.0.0.1/x' } })
    server.message({ msgid: 'm4', chattype: 'single', from: { userid: 'lisi' }, msgtype: 'text', text: { content: '这条对吗' }, quote: { msgtype: 'text', text: { content: '留置不超过三个月' } } })
    await until(() => got.length === 2)
    expect(got[0]).toMatchObject({ kind: 'other' })
    expect(got[1]?.text).toBe('这条对吗\n（引用：留置不超过三个月）')
  })

  it('pushes proactive messages by send-message, ignores malformed frames, and reconnects after a drop', async () => {
    const { server, ch } = await setup()
    await until(() => ch.ready())
    server.raw('{not json')
    await ch.send({ room: { id: 'g9', topic: '' }, person: { id: '', name: '' } }, '【第 1/5 题】')
    await until(() => server.sends().length === 1)
    expect(server.sends()[0]?.body).toMatchObject({ chatid: 'g9', msgtype: 'markdown' })
    server.drop()
    await until(() => !ch.ready())
    await until(() => ch.ready() && server.subscribes.length === 2, 8000)
  })

  it('escapes plain text (quiz posts, reminders, help) and sends rendered Markdown as it is', async () => {
    const { server, ch } = await setup()
    await until(() => ch.ready())
    const to = { room: { id: 'g9', topic: '' }, person: { id: '', name: '' } }
    await ch.send(to, '题干含*星号*与[链接](http://x.test)')
    await ch.send(to, '**已渲染**', { markdown: true })
    await until(() => server.sends().length === 2)
    const content = server.sends().map((s) => (s.body as { markdown: { content: string } }).markdown.content)
    expect(content).toEqual(['题干含＊星号＊与[链接］(http://x.test)', '**已渲染**'])
  })

  it('keeps a reply written during a reconnect and sends it when the connection is back', async () => {
    const { server, ch } = await setup()
    await until(() => ch.ready())
    server.drop()
    await until(() => !ch.ready())
    await ch.send({ person: { id: 'lisi', name: '' } }, '重连期间写好的答复')
    expect(ch.queued).toBe(1)
    await until(() => server.sends().length === 1, 8000)
    expect(server.sends()[0]?.body).toMatchObject({ chatid: 'lisi', markdown: { content: '重连期间写好的答复' } })
    expect(ch.queued).toBe(0)
  })

  it('stops and says so once when another connection takes over, without fighting it', async () => {
    const { server, ch, lines, replaced } = await setup()
    await until(() => ch.ready())
    server.event('disconnected_event')
    server.event('disconnected_event')
    await until(() => !ch.ready())
    await new Promise((r) => setTimeout(r, 400))
    expect(server.subscribes).toHaveLength(1)
    expect(lines.filter((l) => l.includes('another connection for this bot took over'))).toHaveLength(1)
    expect(replaced).toEqual([1])
    await expect(ch.send({ person: { id: 'u', name: '' } }, 'x')).rejects.toThrow(/not connected/)
  })
})

describe('WeCom channel with the real router', () => {
  it('answers a group mention from the knowledge base on its stream, and a /帮助 in single chat', async () => {
    const { fixtureKnowledge } = await import('../../../helpers/kb.js')
    const { ledgerFixture } = await import('../../../helpers/ledger.js')
    const { createRouter } = await import('../../../../bot/chat/router/index.js')
    const { Sessions } = await import('../../../../bot/chat/router/sessions.js')
    const { hasher } = await import('../../../../bot/hash.js')
    const kb = await fixtureKnowledge()
    const office = ledgerFixture('2026-12-02T02:00:00Z', ':memory:')
    const server = await FakeWecom.start()
    servers.push(server)
    const log = createLogger('silent')
    const ch = new WecomChannel({ botId: 'bot1', secret: 's', wsUrl: server.url, log })
    channels.push(ch)
    const route = createRouter({
      channel: ch, channelName: 'wecom', roster: office.roster, log, hash: hasher('t'), clock: office.clock, library: kb.index, retriever: kb.retriever, answerer: kb.answerer,
      sessions: new Sessions(office.clock, 60_000), calendar: office.calendar, feedback: { add: async () => undefined },
      options: { botName: '助手', allow: { rooms: [], people: [] }, limits: { perPerson: 5, perRoom: 20, windowMs: 60_000 }, maxReplyBytes: 2000, staleMs: 10 * 365 * 86400_000, startedAt: new Date('2026-01-01T00:00:00Z') },
    })
    await ch.start(route)
    await until(() => ch.ready())
    server.message({ msgid: 'r1', chattype: 'group', chatid: 'g1', from: { userid: 'zhangsan' }, msgtype: 'text', text: { content: '@助手 被函询人收到函件后多长时间内要书面说明？' } })
    await until(() => server.replies().length >= 1, 10_000)
    const first = server.replies()[0]?.body as { stream: { content: string; finish: boolean } }
    expect(first.stream.finish).toBe(true)
    expect(first.stream.content).toContain('15个工作日')
    // Rendered from the answer's blocks: the citations as a Markdown list, the hints in italics.
    expect(first.stream.content).toMatch(/\n- \[1\] /)
    expect(first.stream.content).toMatch(/\n\*回复“\/详”/)
    server.message({ msgid: 'r2', chattype: 'single', from: { userid: 'lisi' }, msgtype: 'text', text: { content: '/帮助' } })
    await until(() => server.replies().length >= 2, 10_000)
    expect((server.replies()[1]?.body as { stream: { content: string } }).stream.content).toContain('/条 监察法 48')
  }, 30_000)
})
