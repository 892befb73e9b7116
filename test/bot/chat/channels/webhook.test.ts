/** The group webhook: paced at 20 a minute, 429 retried, long Markdown split; nothing lost. */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { WEBHOOK_MAX_BYTES, WebhookSender } from '../../../../bot/chat/channels/webhook.js'
import { createLogger } from '../../../../bot/log.js'

const log = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }))

async function server(answer: (n: number) => { status: number; body: object }) {
  const got: Array<{ msgtype: string; markdown: { content: string } }> = []
  let requests = 0
  const s = createServer((req, res) => {
    let data = ''
    req.on('data', (c) => (data += c))
    req.on('end', () => {
      const a = answer(++requests)
      if (a.status === 200 && !(a.body as { errcode?: number }).errcode) got.push(JSON.parse(data))
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body))
    })
  })
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/cgi-bin/webhook/send?key=test`, got, close: () => new Promise<void>((r) => s.close(() => r())) }
}

describe('group webhook', () => {
  it('sends at most 20 messages in any minute and delivers all of them', async () => {
    const srv = await server(() => ({ status: 200, body: { errcode: 0 } }))
    let t = 0
    const waits: number[] = []
    const hook = new WebhookSender({ url: srv.url, log, now: () => t, sleep: async (ms) => void (waits.push(ms), (t += ms)) })
    for (let i = 0; i < 25; i++) void hook.post(`第 ${i + 1} 条`)
    await hook.post('最后一条')
    expect(srv.got).toHaveLength(26)
    expect(waits.length).toBe(1)
    expect(waits[0]).toBeGreaterThanOrEqual(60_000)
    await srv.close()
  })

  it('retries after a 429 and after the platform\'s rate-limit errcode, losing nothing', async () => {
    const srv = await server((n) => (n === 1 ? { status: 429, body: {} } : n === 2 ? { status: 200, body: { errcode: 45009 } } : { status: 200, body: { errcode: 0 } }))
    let t = 0
    const hook = new WebhookSender({ url: srv.url, log, now: () => t, sleep: async (ms) => void (t += ms) })
    await hook.post('**测验开始**')
    expect(srv.got.map((g) => g.markdown.content)).toEqual(['**测验开始**'])
    expect(hook.delivered).toBe(1)
    await srv.close()
  })

  it('splits Markdown over the 4,096-byte limit and gives up on a message only after 5 tries', async () => {
    const srv = await server((n) => (n <= 5 ? { status: 500, body: {} } : { status: 200, body: { errcode: 0 } }))
    let t = 0
    const hook = new WebhookSender({ url: srv.url, log, now: () => t, sleep: async (ms) => void (t += ms) })
    await hook.post('失败的消息')
    expect(hook.failed).toBe(1)
    await hook.post(`${'长'.repeat(3000)}\n${'文'.repeat(3000)}`)
    expect(srv.got.length).toBeGreaterThan(1)
    for (const g of srv.got) expect(Buffer.byteLength(g.markdown.content)).toBeLessThanOrEqual(WEBHOOK_MAX_BYTES)
    await srv.close()
  })
})
