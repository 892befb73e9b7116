/**
 * A local OpenAI-compatible chat endpoint on 127.0.0.1 for tests: each request is answered by the
 * next scripted behaviour (a reply text, an HTTP status, a delay, or raw bytes), and every request
 * body is kept so tests can read what the model was sent.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Behaviour = { reply: string; delayMs?: number } | { status: number; body?: string } | { raw: string }

export interface ChatServer {
  baseURL: string
  requests: Array<{ messages: Array<{ role: string; content: string }> }>
  script(...b: Behaviour[]): void
  close(): Promise<void>
}

export async function startChatServer(): Promise<ChatServer> {
  const queue: Behaviour[] = []
  const requests: ChatServer['requests'] = []
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString('utf8')))
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404).end()
        return
      }
      try {
        requests.push(JSON.parse(body) as ChatServer['requests'][number])
      } catch {
        res.writeHead(400).end()
        return
      }
      const b = queue.shift() ?? { status: 500, body: '{"error":{"message":"no scripted reply"}}' }
      if ('status' in b) {
        res.writeHead(b.status, { 'content-type': 'application/json' }).end(b.body ?? '{"error":{"message":"server error"}}')
        return
      }
      if ('raw' in b) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(b.raw)
        return
      }
      const send = () => {
        if (res.destroyed) return
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: 'chatcmpl-test',
            object: 'chat.completion',
            created: 0,
            model: 'test-model',
            choices: [{ index: 0, message: { role: 'assistant', content: b.reply }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }),
        )
      }
      // A delayed reply must not keep the test process alive after the server closes.
      if (b.delayMs) setTimeout(send, b.delayMs).unref()
      else send()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...b) => queue.push(...b),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
