/**
 * Embeddings behind the project's own two-method interface (`embedDocuments`, `embedQuery`, the
 * shape LangChain uses too), with an id and a dimension the index manifest records, and an
 * optional synchronous `vector` for embeddings computed in process.
 *
 * The built-in default is offline and deterministic: hashed character bigrams and trigrams of the
 * Chinese runs (signed feature hashing, sublinear term frequency, L2-normalised). It is a second,
 * differently-shaped view of the text beside BM25, not a semantic model; any OpenAI-compatible
 * endpoint (vLLM, Ollama, Xinference, DeepSeek, Qwen …) plugs into the same slot by configuration.
 *
 * @example await new HashingEmbeddings().embedQuery('谈话函询') // number[256]
 */
import { RagError } from '../errors.js'

export interface NamedEmbeddings {
  /** Identifies model and settings; stored in the index manifest and checked on load. */
  readonly id: string
  readonly dim: number
  embedDocuments(texts: string[]): Promise<number[][]>
  embedQuery(text: string): Promise<number[]>
  /** Computed in process, without a promise per text (the index builder and the query use it when present). */
  vector?(text: string): Float32Array
}

function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export class HashingEmbeddings implements NamedEmbeddings {
  readonly dim: number
  readonly id: string

  constructor(o: { dim?: number } = {}) {
    this.dim = o.dim ?? 256
    this.id = `hash-ngram-v1-d${this.dim}`
  }

  /** Synchronous core, used by the index builder to avoid a promise per passage. */
  vector(text: string): Float32Array {
    const v = new Float32Array(this.dim)
    const counts = new Map<string, number>()
    const norm = text.toLowerCase()
    for (const run of norm.match(/[\u4e00-\u9fff]+|[a-z0-9]+/g) ?? []) {
      if (/^[a-z0-9]/.test(run)) {
        counts.set(run, (counts.get(run) ?? 0) + 1)
        continue
      }
      for (let i = 0; i + 1 < run.length; i++) {
        const b = run.slice(i, i + 2)
        counts.set(b, (counts.get(b) ?? 0) + 1)
        if (i + 2 < run.length) {
          const t = run.slice(i, i + 3)
          counts.set(t, (counts.get(t) ?? 0) + 1)
        }
      }
    }
    for (const [f, c] of counts) {
      const h = fnv1a(f)
      const sign = h & 0x80000000 ? -1 : 1
      // Trigrams are rarer and more specific than bigrams: weight them higher.
      const w = (1 + Math.log(c)) * (f.length >= 3 ? 1.5 : 1)
      v[h % this.dim] = (v[h % this.dim] as number) + sign * w
    }
    let n = 0
    for (let i = 0; i < v.length; i++) n += (v[i] as number) ** 2
    n = Math.sqrt(n) || 1
    for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / n
    return v
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => Array.from(this.vector(t)))
  }

  async embedQuery(text: string): Promise<number[]> {
    return Array.from(this.vector(text))
  }
}

export interface OpenAICompatibleOptions {
  baseURL: string
  model: string
  apiKey?: string
  dim: number
  batchSize?: number
  /** Per request; a dead endpoint fails after about timeoutMs × (retries + 1), not minutes. */
  timeoutMs?: number
  retries?: number
}

/** Any OpenAI-compatible embedding endpoint, loaded only when configured. */
export async function openAICompatibleEmbeddings(o: OpenAICompatibleOptions): Promise<NamedEmbeddings> {
  const { OpenAIEmbeddings } = await import('@langchain/openai')
  const inner = new OpenAIEmbeddings({
    model: o.model,
    apiKey: o.apiKey ?? 'not-needed',
    // Without this, several OpenAI-compatible servers answer base64 that comes back as empty vectors.
    encodingFormat: 'float',
    batchSize: o.batchSize ?? 64,
    timeout: o.timeoutMs ?? 15_000,
    maxRetries: o.retries ?? 1,
    configuration: { baseURL: o.baseURL },
  })
  // Failures of the endpoint become one typed, Chinese error that names the endpoint (not the key).
  const wrap = <T>(p: Promise<T>): Promise<T> =>
    p.catch((e: unknown) => {
      throw new RagError('EMBEDDING_FAILED', `向量服务 ${o.baseURL} 不可用或返回错误（${(e as Error)?.message?.slice(0, 120) ?? String(e)}）。请检查 JJZS_EMBEDDING_BASE_URL 和服务状态，或改用内置向量（JJZS_EMBEDDING_PROVIDER=hash）。`, { cause: e })
    })
  return {
    id: `openai-compatible:${o.baseURL}:${o.model}`,
    dim: o.dim,
    embedDocuments: (texts: string[]) => wrap(inner.embedDocuments(texts)),
    embedQuery: (text: string) => wrap(inner.embedQuery(text)),
  }
}
