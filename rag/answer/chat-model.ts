/**
 * A chat model on any OpenAI-compatible endpoint (vLLM, Ollama, Xinference, DeepSeek, Qwen …),
 * loaded only when configured: temperature 0, one attempt per call (the answerer has its own
 * timeout and circuit breaker and falls back to the extractive answer).
 *
 * @example const model = await openAICompatibleChat({ baseURL: 'http://127.0.0.1:8000/v1', model: 'qwen2.5-7b-instruct' })
 */
import type { ChatLike } from './model-answerer.js'

export interface ChatModelOptions {
  baseURL: string
  model: string
  apiKey?: string
  timeoutMs?: number
  maxTokens?: number
}

export async function openAICompatibleChat(o: ChatModelOptions): Promise<ChatLike> {
  const { ChatOpenAI } = await import('@langchain/openai')
  return new ChatOpenAI({
    model: o.model,
    apiKey: o.apiKey ?? 'not-needed',
    temperature: 0,
    maxTokens: o.maxTokens ?? 600,
    timeout: o.timeoutMs ?? 20_000,
    maxRetries: 0,
    configuration: { baseURL: o.baseURL },
  })
}
