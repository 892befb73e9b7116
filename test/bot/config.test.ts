import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../bot/config.js'
import { ConfigError } from '../../bot/errors.js'

describe('configuration', () => {
  it('has working defaults: offline hashing embeddings, built-in knowledge on', () => {
    const c = loadConfig({})
    expect(c.embedding).toEqual({ provider: 'hash', dim: 256 })
    expect(c.builtin).toBe(true)
    expect(c.kbDirs).toEqual([])
  })

  it('reads an OpenAI-compatible embedding endpoint', () => {
    const c = loadConfig({ JJZS_EMBEDDING_PROVIDER: 'openai', JJZS_EMBEDDING_BASE_URL: 'http://127.0.0.1:8000/v1', JJZS_EMBEDDING_MODEL: 'bge-m3', JJZS_EMBEDDING_DIM: '1024' })
    expect(c.embedding).toMatchObject({ provider: 'openai', model: 'bge-m3', dim: 1024 })
  })

  it('lists every bad value with its variable name', () => {
    try {
      loadConfig({ JJZS_EMBEDDING_PROVIDER: 'openai', JJZS_EMBEDDING_BASE_URL: 'not a url', LOG_LEVEL: 'loud', JJZS_BUILTIN: 'maybe' })
      throw new Error('expected ConfigError')
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError)
      const text = (e as Error).message
      expect(text).toMatch(/JJZS_EMBEDDING_BASE_URL/)
      expect(text).toMatch(/JJZS_EMBEDDING_MODEL|向量模型名称/)
      expect(text).toMatch(/LOG_LEVEL/)
      expect(text).toMatch(/JJZS_BUILTIN/)
    }
  })

  it('reads the nudge ladder and rejects a bad rung', () => {
    expect(loadConfig({ JJZS_NUDGE_BEFORE: '10,5,1', JJZS_ESCALATE_AFTER: '2' })).toMatchObject({ nudgeBefore: [10, 5, 1], escalateAfter: 2 })
    expect(() => loadConfig({ JJZS_NUDGE_BEFORE: '7,abc' })).toThrow(/JJZS_NUDGE_BEFORE/)
  })

  it('splits the knowledge-base folder list', () => {
    expect(loadConfig({ JJZS_KB_DIRS: '/a, /b;/c' }).kbDirs).toEqual(['/a', '/b', '/c'])
  })
})
