import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SETTINGS, configTable, loadConfig } from '../../bot/config.js'
import { ConfigError } from '../../bot/errors.js'
import { ROOT, tempDir } from '../helpers/kb.js'

const problems = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(env)
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError)
    return (e as Error).message
  }
  throw new Error('expected ConfigError')
}

describe('configuration', () => {
  it('has working defaults: offline hashing embeddings, built-in knowledge on, no admins', () => {
    const c = loadConfig({})
    expect(c.embedding).toEqual({ provider: 'hash', dim: 256 })
    expect(c.builtin).toBe(true)
    expect(c.kbDirs).toEqual([])
    expect(c.adminIds).toEqual([])
  })

  it('has no chat model unless one is configured, and reads one with its timeout and rewording switch', () => {
    expect(loadConfig({}).chat).toBeUndefined()
    expect(loadConfig({ JJZS_CHAT_BASE_URL: 'http://127.0.0.1:8000/v1', JJZS_CHAT_MODEL: 'qwen2.5-7b-instruct', JJZS_CHAT_TIMEOUT: '30', JJZS_CHAT_REWRITE: '1' }).chat).toEqual({
      baseURL: 'http://127.0.0.1:8000/v1',
      model: 'qwen2.5-7b-instruct',
      timeoutSeconds: 30,
      rewrite: true,
    })
    expect(problems({ JJZS_CHAT_BASE_URL: 'http://127.0.0.1:8000/v1' })).toMatch(/必须设置 JJZS_CHAT_MODEL/)
    expect(problems({ JJZS_CHAT_MODEL: 'm', JJZS_CHAT_BASE_URL: 'localhost' })).toMatch(/JJZS_CHAT_BASE_URL：对话模型地址应为 http/)
    expect(problems({ JJZS_CHAT_MODEL: 'm', JJZS_CHAT_BASE_URL: 'http://x/v1', JJZS_CHAT_REWRITE: 'yes' })).toMatch(/JJZS_CHAT_REWRITE 应为 1 或 0/)
  })

  it('reads an OpenAI-compatible embedding endpoint', () => {
    const c = loadConfig({ JJZS_EMBEDDING_PROVIDER: 'openai', JJZS_EMBEDDING_BASE_URL: 'http://127.0.0.1:8000/v1', JJZS_EMBEDDING_MODEL: 'bge-m3', JJZS_EMBEDDING_DIM: '1024', JJZS_EMBEDDING_TIMEOUT: '5' })
    expect(c.embedding).toMatchObject({ provider: 'openai', model: 'bge-m3', dim: 1024, timeoutSeconds: 5 })
  })

  it('lists every bad value with its variable name, in Chinese', () => {
    const text = problems({ JJZS_EMBEDDING_PROVIDER: 'openai', JJZS_EMBEDDING_BASE_URL: 'not a url', LOG_LEVEL: 'loud', JJZS_BUILTIN: 'maybe' })
    expect(text).toMatch(/JJZS_EMBEDDING_BASE_URL/)
    expect(text).toMatch(/JJZS_EMBEDDING_MODEL/)
    expect(text).toMatch(/LOG_LEVEL/)
    expect(text).toMatch(/JJZS_BUILTIN/)
  })

  it('says in Chinese what is wrong with a number, a missing endpoint or a data folder that is a file', () => {
    expect(problems({ JJZS_RATE_PERSON: 'abc' })).toMatch(/JJZS_RATE_PERSON：应为整数，收到“abc”/)
    expect(problems({ JJZS_RATE_PERSON: '0' })).toMatch(/JJZS_RATE_PERSON：至少为 1/)
    expect(problems({ JJZS_EMBEDDING_PROVIDER: 'openai', JJZS_EMBEDDING_MODEL: 'm' })).toMatch(/必须设置 JJZS_EMBEDDING_BASE_URL/)
    const file = join(tempDir(), 'a-file')
    writeFileSync(file, 'x')
    expect(problems({ JJZS_DATA_DIR: file })).toMatch(/JJZS_DATA_DIR：.*是一个文件，不是文件夹/)
    // No English anywhere in these messages (variable names and the user's own input aside).
    for (const env of [{ JJZS_RATE_PERSON: 'abc' }, { JJZS_EMBEDDING_PROVIDER: 'openai' }, { JJZS_MAX_REPLY_BYTES: '1.5' }, { JJZS_CHANNEL: 'telegram' }]) {
      const msg = problems(env).replace(/JJZS_[A-Z_]+|LOG_LEVEL|WECHATY_[A-Z_]+|http\S*|“[^”]*”|console|wechaty|wecom|openai|hash/g, '')
      expect(msg, JSON.stringify(env)).not.toMatch(/[A-Za-z]{3,}/)
    }
  })

  it('takes the first admins by chat account id and refuses admins by name', () => {
    expect(loadConfig({ JJZS_ADMIN_IDS: 'wechaty:wxid_abc, plain-id' }).adminIds).toEqual([{ channel: 'wechaty', id: 'wxid_abc' }, { id: 'plain-id' }])
    expect(problems({ JJZS_ADMINS: '李书记' })).toMatch(/JJZS_ADMINS（按名称指定管理员）已停用.*JJZS_ADMIN_IDS/)
  })

  it('reads the nudge ladder and rejects a bad rung', () => {
    expect(loadConfig({ JJZS_NUDGE_BEFORE: '10,5,1', JJZS_ESCALATE_AFTER: '2', JJZS_NUDGE_MAX_ATTEMPTS: '3' })).toMatchObject({ nudgeBefore: [10, 5, 1], escalateAfter: 2, nudgeMaxAttempts: 3 })
    expect(problems({ JJZS_NUDGE_BEFORE: '7,abc' })).toMatch(/JJZS_NUDGE_BEFORE：应为整数/)
  })

  it('splits the knowledge-base folder list', () => {
    expect(loadConfig({ JJZS_KB_DIRS: '/a, /b;/c' }).kbDirs).toEqual(['/a', '/b', '/c'])
  })
  it('asks for the WeCom bot id and secret in Chinese, and checks the CA file', () => {
    expect(() => loadConfig({ JJZS_CHANNEL: 'wecom' })).toThrow(/JJZS_WECOM_BOT_ID/)
    expect(() => loadConfig({ JJZS_CHANNEL: 'wecom', JJZS_WECOM_BOT_ID: 'b' })).toThrow(/JJZS_WECOM_SECRET/)
    expect(() => loadConfig({ JJZS_CHANNEL: 'wecom', JJZS_WECOM_BOT_ID: 'b', JJZS_WECOM_SECRET: 's', JJZS_WECOM_WS_URL: 'http://x' })).toThrow(/应以 wss:\/\/ 或 ws:\/\/ 开头/)
    expect(() => loadConfig({ JJZS_CHANNEL: 'wecom', JJZS_WECOM_BOT_ID: 'b', JJZS_WECOM_SECRET: 's', JJZS_WECOM_CA_FILE: '/nonexistent/ca.pem' })).toThrow(/证书文件不存在/)
    expect(loadConfig({ JJZS_CHANNEL: 'wecom', JJZS_WECOM_BOT_ID: 'b', JJZS_WECOM_SECRET: 's' }).wecom).toEqual({ botId: 'b', secret: 's' })
  })

  it('has one table of variables: the README shows it as it is, and every variable the code names is in it', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    expect(readme).toContain(configTable())
    const listed = new Set(SETTINGS.flatMap((s) => s.vars.map((x) => x.env)))
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
    const named = new Set(files(join(ROOT, 'bot')).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\b(?:JJZS|WECHATY)_[A-Z_]*[A-Z]\b/g)].map((m) => m[0])))
    // Refused or accepted under an old name, and said so: not rows of their own.
    for (const old of ['JJZS_ADMINS', 'WECHATY_TOKEN']) named.delete(old)
    expect([...named].filter((n) => !listed.has(n))).toEqual([])
    // Each variable is read: setting it reaches the configuration.
    expect(loadConfig({ JJZS_WECOM_WEBHOOK: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x' }).wecomWebhook).toMatch(/^https:/)
    expect(loadConfig({ JJZS_CHANNEL: 'wecom', JJZS_WECOM_BOT_ID: 'b', JJZS_WECOM_SECRET: 's', JJZS_WECOM_WS_URL: 'wss://wecom.example/ws' }).wecom).toEqual({ botId: 'b', secret: 's', wsUrl: 'wss://wecom.example/ws' })
    expect(loadConfig({ WECHATY_TOKEN: 't' }).wechaty.token).toBe('t')
  })
})
