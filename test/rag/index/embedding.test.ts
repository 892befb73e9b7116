import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { RagError } from '../../../rag/errors.js'
import { join } from 'node:path'
import { HashingEmbeddings, openAICompatibleEmbeddings } from '../../../rag/index/embedding.js'
import { loadSynonyms } from '../../../rag/query/expand.js'
import { syncIndex } from '../../../rag/index/index-store.js'
import { HybridRetriever } from '../../../rag/rank/retriever.js'
import { FIXTURES, REGS, deps, fixtureKnowledge, tempDir } from '../../helpers/kb.js'

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

describe('the embeddings interface', () => {
  it('is two async methods, an id and a dimension: an embedding without an in-process vector builds and searches the same index', async () => {
    const inner = new HashingEmbeddings()
    let calls = 0
    // Only the two methods (as an endpoint adapter has them): no `vector`, not a subclass of anything.
    const remote = {
      id: inner.id,
      dim: inner.dim,
      embedDocuments: async (t: string[]) => {
        calls++
        return inner.embedDocuments(t)
      },
      embedQuery: async (t: string) => {
        calls++
        return inner.embedQuery(t)
      },
    }
    const kb = await fixtureKnowledge()
    const built = await syncIndex(join(tempDir(), 'index'), [join(FIXTURES, 'kb')], deps({ embeddings: remote }))
    const buildCalls = calls
    expect(buildCalls).toBeGreaterThan(0)
    const viaRemote = new HybridRetriever({ index: built.index, tokenizer: kb.deps.tokenizer, embeddings: remote, catalog: kb.deps.catalog, synonyms: loadSynonyms(join(REGS, 'synonyms.json')), today: () => '2026-11-21' })
    const q = '被函询人多少天内要书面说明'
    expect((await viaRemote.retrieve(q, { k: 5 })).map((h) => h.id)).toEqual((await kb.retriever.retrieve(q, { k: 5 })).map((h) => h.id))
    expect(calls).toBeGreaterThan(buildCalls)
  })
})
