/**
 * A loopback server speaking the subset of the WeCom smart-bot long-connection protocol the SDK
 * uses: subscribe and its acknowledgement, heartbeats, message and event callbacks, stream
 * replies and send-message (each acknowledged), a forced disconnect, the "another connection took
 * over" event, and malformed frames.
 */
import { type AddressInfo } from 'node:net'
import { WebSocket, WebSocketServer } from 'ws'

export interface Frame {
  cmd?: string
  headers: { req_id: string }
  body?: Record<string, any>
}

export class FakeWecom {
  readonly wss: WebSocketServer
  readonly received: Frame[] = []
  readonly subscribes: Array<{ bot_id: string; secret: string }> = []
  socket?: WebSocket
  private n = 0
  /** errcode for the next subscribe (40001: bad secret). */
  authError = 0
  /** Acknowledge replies and sends (false: leave them unacknowledged). */
  ack = true

  constructor() {
    this.wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    this.wss.on('connection', (ws) => {
      this.socket = ws
      ws.on('message', (data) => {
        const f = JSON.parse(String(data)) as Frame
        if (f.cmd === 'aibot_subscribe') {
          this.subscribes.push(f.body as never)
          ws.send(JSON.stringify({ headers: { req_id: f.headers.req_id }, errcode: this.authError, errmsg: this.authError ? 'invalid secret' : 'ok' }))
          return
        }
        if (f.cmd === 'ping') {
          ws.send(JSON.stringify({ headers: { req_id: f.headers.req_id }, errcode: 0, errmsg: 'ok' }))
          return
        }
        this.received.push(f)
        if (this.ack) ws.send(JSON.stringify({ headers: { req_id: f.headers.req_id }, errcode: 0, errmsg: 'ok' }))
      })
    })
  }

  /** A server listening on a free loopback port. */
  static async start(): Promise<FakeWecom> {
    const s = new FakeWecom()
    if (!s.wss.address()) await new Promise<void>((r) => s.wss.once('listening', () => r()))
    return s
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`
  }

  /** Pushes a message callback; returns its req_id. */
  message(body: Record<string, unknown>): string {
    const req_id = `cb_${++this.n}`
    this.socket?.send(JSON.stringify({ cmd: 'aibot_msg_callback', headers: { req_id }, body: { aibotid: 'bot1', ...body } }))
    return req_id
  }

  event(eventtype: string, body: Record<string, unknown> = {}, detail?: Record<string, unknown>): void {
    this.socket?.send(JSON.stringify({ cmd: 'aibot_event_callback', headers: { req_id: `ev_${++this.n}` }, body: { msgid: `e${this.n}`, msgtype: 'event', event: { eventtype, ...(detail ? { [eventtype]: detail } : {}) }, ...body } }))
  }

  raw(text: string): void {
    this.socket?.send(text)
  }

  /** Drops the connection (as a network failure would). */
  drop(): void {
    this.socket?.terminate()
  }

  replies(): Frame[] {
    return this.received.filter((f) => f.cmd === 'aibot_respond_msg')
  }

  sends(): Frame[] {
    return this.received.filter((f) => f.cmd === 'aibot_send_msg')
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate()
    await new Promise<void>((r) => this.wss.close(() => r()))
  }
}

export async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}
