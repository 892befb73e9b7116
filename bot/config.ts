/**
 * Configuration: the only reader of process.env. Values come from environment variables and an
 * optional JSON file (JJZS_CONFIG); every value is validated with zod at start, and each bad value
 * gets its own Chinese message.
 *
 * | variable | meaning | default |
 * |---|---|---|
 * | JJZS_CONFIG | JSON file with the same settings (camelCase keys) | — |
 * | JJZS_DATA_DIR | data folder (index, feedback, ledger) | ./data |
 * | JJZS_KB_DIRS | knowledge-base folders, separated by `,` or `;` | — |
 * | JJZS_BUILTIN | include the built-in handbook (1/0) | 1 |
 * | JJZS_EMBEDDING_PROVIDER | `hash` (offline, built in) or `openai` (any OpenAI-compatible endpoint) | hash |
 * | JJZS_EMBEDDING_BASE_URL, JJZS_EMBEDDING_MODEL, JJZS_EMBEDDING_API_KEY, JJZS_EMBEDDING_DIM | endpoint settings | — |
 * | JJZS_CHANNEL | console or wechaty | console |
 * | JJZS_BOT_NAME | name that counts as a mention ("@助手") | 助手 |
 * | WECHATY_PUPPET, WECHATY_PUPPET_SERVICE_TOKEN | wechaty puppet and its token | — |
 * | JJZS_ALLOW_ROOMS, JJZS_ALLOW_PEOPLE, JJZS_ADMINS | allow-lists and admins (names, `,` separated) | all / none |
 * | JJZS_RATE_PERSON, JJZS_RATE_ROOM | messages per minute per person / per room | 6 / 20 |
 * | JJZS_MAX_REPLY_BYTES | longest reply part in bytes | 2000 |
 * | JJZS_STALE_SECONDS | messages older than this are ignored | 120 |
 * | JJZS_NUDGE_BEFORE, JJZS_ESCALATE_AFTER | nudge ladder: working days before the deadline; overdue days before the supervisor is told | 7,3,1 / 3 |
 * | LOG_LEVEL | pino level | info |
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { ConfigError } from './errors.js'

/** Root of the project checkout (where regulations/ and prompts/ live). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

const EmbeddingSchema = z.discriminatedUnion('provider', [
  z.object({
    provider: z.literal('hash'),
    dim: z.coerce.number().int('向量维度应为整数').min(32, '向量维度至少 32').max(4096, '向量维度至多 4096').default(256),
  }),
  z.object({
    provider: z.literal('openai'),
    baseURL: z.url('向量服务地址应为 http(s):// 开头的网址'),
    model: z.string().min(1, '请填写向量模型名称'),
    apiKey: z.string().optional(),
    dim: z.coerce.number().int('向量维度应为整数').min(32).max(8192),
  }),
])

export const ConfigSchema = z.object({
  dataDir: z.string().min(1).default(resolve(PROJECT_ROOT, 'data')),
  kbDirs: z.array(z.string().min(1)).default([]),
  builtin: z.boolean().default(true),
  embedding: EmbeddingSchema.default({ provider: 'hash', dim: 256 }),
  channel: z.enum(['console', 'wechaty'], '通道应为 console 或 wechaty').default('console'),
  botName: z.string().min(1).max(20).default('助手'),
  wechaty: z
    .object({ puppet: z.string().min(1).optional(), token: z.string().min(1).optional(), name: z.string().min(1).default('jijian-zhushou') })
    .default({ name: 'jijian-zhushou' }),
  allowRooms: z.array(z.string().min(1)).default([]),
  allowPeople: z.array(z.string().min(1)).default([]),
  admins: z.array(z.string().min(1)).default([]),
  ratePerPerson: z.coerce.number().int('应为整数').min(1, '至少为 1').max(1000).default(6),
  ratePerRoom: z.coerce.number().int('应为整数').min(1, '至少为 1').max(10000).default(20),
  maxReplyBytes: z.coerce.number().int('应为整数').min(300, '至少 300 字节').max(20000, '至多 20000 字节').default(2000),
  staleSeconds: z.coerce.number().int('应为整数').min(10).max(86400).default(120),
  nudgeBefore: z.array(z.coerce.number().int('应为整数').min(1, '至少 1 个工作日').max(60, '至多 60 个工作日')).max(10).default([7, 3, 1]),
  escalateAfter: z.coerce.number().int('应为整数').min(1).max(60).default(3),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], '日志级别应为 fatal/error/warn/info/debug/trace/silent 之一').default('info'),
})
export type Config = z.infer<typeof ConfigSchema>

const splitList = (v: string | undefined) => (v ? v.split(/[,;]/).map((s) => s.trim()).filter(Boolean) : undefined)

const FIELD_NAMES: Record<string, string> = {
  dataDir: 'JJZS_DATA_DIR', kbDirs: 'JJZS_KB_DIRS', builtin: 'JJZS_BUILTIN', embedding: 'JJZS_EMBEDDING_*',
  'embedding.provider': 'JJZS_EMBEDDING_PROVIDER', 'embedding.baseURL': 'JJZS_EMBEDDING_BASE_URL',
  'embedding.model': 'JJZS_EMBEDDING_MODEL', 'embedding.dim': 'JJZS_EMBEDDING_DIM', logLevel: 'LOG_LEVEL',
  channel: 'JJZS_CHANNEL', botName: 'JJZS_BOT_NAME', 'wechaty.puppet': 'WECHATY_PUPPET', 'wechaty.token': 'WECHATY_PUPPET_SERVICE_TOKEN',
  allowRooms: 'JJZS_ALLOW_ROOMS', allowPeople: 'JJZS_ALLOW_PEOPLE', admins: 'JJZS_ADMINS', ratePerPerson: 'JJZS_RATE_PERSON',
  ratePerRoom: 'JJZS_RATE_ROOM', maxReplyBytes: 'JJZS_MAX_REPLY_BYTES', staleSeconds: 'JJZS_STALE_SECONDS',
  nudgeBefore: 'JJZS_NUDGE_BEFORE', escalateAfter: 'JJZS_ESCALATE_AFTER',
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = []
  let file: Record<string, unknown> = {}
  if (env.JJZS_CONFIG) {
    if (!existsSync(env.JJZS_CONFIG)) problems.push(`JJZS_CONFIG 指向的文件不存在：${env.JJZS_CONFIG}`)
    else {
      try {
        file = JSON.parse(readFileSync(env.JJZS_CONFIG, 'utf8')) as Record<string, unknown>
      } catch (e) {
        problems.push(`配置文件 ${env.JJZS_CONFIG} 不是有效的 JSON：${(e as Error).message}`)
      }
    }
  }
  const fromEnv: Record<string, unknown> = {}
  if (env.JJZS_DATA_DIR) fromEnv.dataDir = env.JJZS_DATA_DIR
  if (env.JJZS_KB_DIRS) fromEnv.kbDirs = splitList(env.JJZS_KB_DIRS)
  if (env.JJZS_BUILTIN !== undefined) {
    if (!/^(0|1|true|false)$/i.test(env.JJZS_BUILTIN)) problems.push(`JJZS_BUILTIN 应为 1 或 0，收到“${env.JJZS_BUILTIN}”`)
    fromEnv.builtin = /^(1|true)$/i.test(env.JJZS_BUILTIN)
  }
  if (env.JJZS_EMBEDDING_PROVIDER || env.JJZS_EMBEDDING_DIM) {
    const provider = env.JJZS_EMBEDDING_PROVIDER ?? 'hash'
    fromEnv.embedding = {
      provider,
      ...(env.JJZS_EMBEDDING_BASE_URL ? { baseURL: env.JJZS_EMBEDDING_BASE_URL } : {}),
      ...(env.JJZS_EMBEDDING_MODEL ? { model: env.JJZS_EMBEDDING_MODEL } : {}),
      ...(env.JJZS_EMBEDDING_API_KEY ? { apiKey: env.JJZS_EMBEDDING_API_KEY } : {}),
      ...(env.JJZS_EMBEDDING_DIM ? { dim: env.JJZS_EMBEDDING_DIM } : {}),
    }
    if (!['hash', 'openai'].includes(provider)) problems.push(`JJZS_EMBEDDING_PROVIDER 应为 hash 或 openai，收到“${provider}”`)
  }
  if (env.LOG_LEVEL) fromEnv.logLevel = env.LOG_LEVEL
  if (env.JJZS_CHANNEL) fromEnv.channel = env.JJZS_CHANNEL
  if (env.JJZS_BOT_NAME) fromEnv.botName = env.JJZS_BOT_NAME
  if (env.WECHATY_PUPPET || env.WECHATY_PUPPET_SERVICE_TOKEN || env.WECHATY_TOKEN) {
    fromEnv.wechaty = {
      ...(env.WECHATY_PUPPET ? { puppet: env.WECHATY_PUPPET } : {}),
      ...(env.WECHATY_PUPPET_SERVICE_TOKEN || env.WECHATY_TOKEN ? { token: env.WECHATY_PUPPET_SERVICE_TOKEN || env.WECHATY_TOKEN } : {}),
    }
  }
  if (env.JJZS_ALLOW_ROOMS) fromEnv.allowRooms = splitList(env.JJZS_ALLOW_ROOMS)
  if (env.JJZS_ALLOW_PEOPLE) fromEnv.allowPeople = splitList(env.JJZS_ALLOW_PEOPLE)
  if (env.JJZS_ADMINS) fromEnv.admins = splitList(env.JJZS_ADMINS)
  if (env.JJZS_RATE_PERSON) fromEnv.ratePerPerson = env.JJZS_RATE_PERSON
  if (env.JJZS_RATE_ROOM) fromEnv.ratePerRoom = env.JJZS_RATE_ROOM
  if (env.JJZS_MAX_REPLY_BYTES) fromEnv.maxReplyBytes = env.JJZS_MAX_REPLY_BYTES
  if (env.JJZS_STALE_SECONDS) fromEnv.staleSeconds = env.JJZS_STALE_SECONDS
  if (env.JJZS_NUDGE_BEFORE) fromEnv.nudgeBefore = splitList(env.JJZS_NUDGE_BEFORE)
  if (env.JJZS_ESCALATE_AFTER) fromEnv.escalateAfter = env.JJZS_ESCALATE_AFTER
  const parsed = ConfigSchema.safeParse({ ...file, ...fromEnv })
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.')
      problems.push(`${FIELD_NAMES[path] ?? FIELD_NAMES[String(issue.path[0])] ?? path}：${issue.message}`)
    }
  }
  if (problems.length || !parsed.success) throw new ConfigError([...new Set(problems)])
  const c = parsed.data
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(p))
  return { ...c, dataDir: abs(c.dataDir), kbDirs: c.kbDirs.map(abs) }
}
