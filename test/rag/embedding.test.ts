import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { RagError } from '../../rag/errors.js'
import { openAICompatibleEmbeddings } from '../../rag/embedding.js'

describe('OpenAI-compatible embeddings', () => {
  it('fails within seconds with a Chinese error when the endpoint never answers', async () => {
    // A server that accepts the connection and never replies: the worst case for a dead endpoint.
    const server = createServer(() => undefined)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as AddressInfo
    const e = await openAICompatibleEmbeddings({ baseURL: `http://127.0.0.1:${port}/v1`, model: 'm', dim: 8, timeoutMs: 300, retries: 1 })
    const t0 = Date.now()
    const err = await e.embedQuery('谈话函询').catch((x: unknown) => x)
    expect(Date.now() - t0).toBeLessThan(10_000)
    expect(err).toBeInstanceOf(RagError)
    expect((err as Error).message).toMatch(/向量服务 http:\/\/127\.0\.0\.1:\d+\/v1 不可用/)
    server.closeAllConnections()
    server.close()
  })
})
