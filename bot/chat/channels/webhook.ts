/**
 * A WeCom group robot webhook (群机器人, send-only): announcements go to a configured group in
 * Markdown. The platform allows 20 messages a minute per webhook and 4,096 bytes per Markdown
 * message: messages are queued, paced (a rolling minute, by the injected clock) and split; an
 * answer of 429 or a rate-limit errcode is retried after a pause, other failures up to
 * MAX_ATTEMPTS times. Nothing queued is lost while the process runs.
 *
 * @example const hook = new WebhookSender({ url, log }); hook.post('**测验开始**')
 */
import type { Logger } from '../../log.js'
import { splitBytes } from './split.js'

export const WEBHOOK_MAX_BYTES = 4000
export const PER_MINUTE = 20
export const MAX_ATTEMPTS = 5

export interface WebhookOptions {
  url: string
  log: Logger
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  fetch?: typeof fetch
}

export class WebhookSender {
  private readonly queue: Array<{ text: string; attempts: number }> = []
  private readonly sentAt: number[] = []
  private running?: Promise<void>
  /** Messages given up on after MAX_ATTEMPTS (logged). */
  failed = 0
  delivered = 0

  constructor(private readonly o: WebhookOptions) {}

  /** Queues a Markdown message (split under the size limit) and starts delivery. */
  post(markdown: string): Promise<void> {
    for (const part of splitBytes(markdown, WEBHOOK_MAX_BYTES)) this.queue.push({ text: part, attempts: 0 })
    this.running ??= this.drain().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  get pending(): number {
    return this.queue.length
  }

  private now(): number {
    return this.o.now?.() ?? Date.now()
  }

  private async sleep(ms: number): Promise<void> {
    await (this.o.sleep ?? ((t: number) => new Promise<void>((r) => setTimeout(r, t).unref?.())))(ms)
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      // At most PER_MINUTE sends in any rolling minute.
      while (this.sentAt.length && this.now() - (this.sentAt[0] as number) >= 60_000) this.sentAt.shift()
      if (this.sentAt.length >= PER_MINUTE) {
        await this.sleep(60_000 - (this.now() - (this.sentAt[0] as number)) + 10)
        continue
      }
      const m = this.queue[0] as { text: string; attempts: number }
      m.attempts++
      this.sentAt.push(this.now())
      const r = await this.send(m.text)
      if (r === 'ok') {
        this.queue.shift()
        this.delivered++
        continue
      }
      if (m.attempts >= MAX_ATTEMPTS) {
        this.queue.shift()
        this.failed++
        this.o.log.error({ attempts: m.attempts, reason: r }, 'webhook: message given up')
        continue
      }
      await this.sleep(r === 'rate-limited' ? 60_000 : 2 ** m.attempts * 1000)
    }
  }

  private async send(text: string): Promise<'ok' | 'rate-limited' | string> {
    try {
      const res = await (this.o.fetch ?? fetch)(this.o.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: text } }), signal: AbortSignal.timeout(15_000) })
      if (res.status === 429) return 'rate-limited'
      if (!res.ok) return `http ${res.status}`
      const body = (await res.json().catch(() => ({}))) as { errcode?: number }
      // 45009: the platform's "API frequency" errcode.
      if (body.errcode === 45009) return 'rate-limited'
      return body.errcode ? `errcode ${body.errcode}` : 'ok'
    } catch (e) {
      return `network: ${(e as Error).name}`
    }
  }
}
