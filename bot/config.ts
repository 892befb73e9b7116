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
 * | JJZS_ALLOW_ROOMS, JJZS_ALLOW_PEOPLE | allow-lists: room ids or topics; chat account ids (never names) | all |
 * | JJZS_ADMIN_IDS | first admins by chat account id (`wechaty:wxid_…`, or a bare id for any channel) | none |
 * | JJZS_NUDGE_MAX_ATTEMPTS | tries before a reminder is given up and reported to the admins | 5 |
 * | JJZS_EMBEDDING_TIMEOUT | seconds per request to an embedding endpoint | 15 |
 * | JJZS_RATE_PERSON, JJZS_RATE_ROOM | messages per minute per person / per room | 6 / 20 |
 * | JJZS_MAX_REPLY_BYTES | longest reply part in bytes | 2000 |
 * | JJZS_STALE_SECONDS | messages older than this are ignored | 120 |
 * | JJZS_NUDGE_BEFORE, JJZS_ESCALATE_AFTER | nudge ladder: working days before the deadline; overdue days before the supervisor is told | 7,3,1 / 3 |
 * | JJZS_CHAT_BASE_URL, JJZS_CHAT_MODEL, JJZS_CHAT_API_KEY | optional chat model (OpenAI-compatible) that words answers; every sentence is checked against its source | none |
 * | JJZS_CHAT_TIMEOUT, JJZS_CHAT_REWRITE | seconds per model call; 1 to also reword the question for retrieval | 20 / 0 |
 * | JJZS_ANSWERABILITY | how no-basis is decided: `both` (rules, evidence and the learned classifier), `rules` (rules and evidence), `learned` (the classifier alone) | both |
 * | LOG_LEVEL | pino level | info |
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { z } from 'zod'
import { ConfigError } from './errors.js'
import { type AdminId, parseAdminId } from './roster/roster.js'

// Zod's own messages (for anything without a message of ours) in Chinese.
z.config(z.locales.zhCN())

/** An integer setting, with Chinese messages for every way it can be wrong (quoting what was given). */
const int = (min: number, max: number, unit = '') =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z
      .number({ error: (iss) => (iss.input === undefined ? '缺少该设置' : `应为整数，收到“${String(iss.input).slice(0, 20)}”`) })
      .int({ error: (iss) => `应为整数，收到“${String(iss.input).slice(0, 20)}”` })
      .min(min, `至少为 ${min}${unit}`)
      .max(max, `至多为 ${max}${unit}`),
  )

import { BUILTIN_KB_DIR, HOLIDAY_OVERRIDE_FILE, PROJECT_ROOT, REGULATIONS_DIR } from './paths.js'
export { BUILTIN_KB_DIR, HOLIDAY_OVERRIDE_FILE, PROJECT_ROOT, REGULATIONS_DIR }

const EmbeddingSchema = z.discriminatedUnion('provider', [
  z.object({
    provider: z.literal('hash'),
    dim: int(32, 4096).default(256),
  }),
  z.object({
    provider: z.literal('openai'),
    baseURL: z.url({ error: (iss) => (iss.input === undefined ? '使用 openai 向量接口时必须设置 JJZS_EMBEDDING_BASE_URL（例如 http://127.0.0.1:8000/v1）' : '向量服务地址应为 http(s):// 开头的网址') }),
    model: z.string({ error: '使用 openai 向量接口时必须设置 JJZS_EMBEDDING_MODEL（向量模型名称）' }).min(1, '请填写向量模型名称'),
    apiKey: z.string().optional(),
    dim: int(32, 8192).default(1024),
    timeoutSeconds: int(1, 600, ' 秒').default(15),
  }),
], { error: '向量接口应为 hash 或 openai' })

/** An optional chat model on an OpenAI-compatible endpoint (answers are checked sentence by sentence). */
const ChatSchema = z.object({
  baseURL: z.url({ error: (iss) => (iss.input === undefined ? '使用对话模型时必须设置 JJZS_CHAT_BASE_URL（例如 http://127.0.0.1:8000/v1）' : '对话模型地址应为 http(s):// 开头的网址') }),
  model: z.string({ error: '使用对话模型时必须设置 JJZS_CHAT_MODEL（模型名称）' }).min(1, '请填写对话模型名称'),
  apiKey: z.string().optional(),
  timeoutSeconds: int(1, 300, ' 秒').default(20),
  rewrite: z.boolean().default(false),
})

export const ConfigSchema = z.object({
  dataDir: z.string().min(1).default(resolve(PROJECT_ROOT, 'data')),
  kbDirs: z.array(z.string().min(1)).default([]),
  builtin: z.boolean().default(true),
  embedding: EmbeddingSchema.default({ provider: 'hash', dim: 256 }),
  channel: z.enum(['console', 'wechaty', 'wecom'], '通道应为 console、wechaty 或 wecom').default('console'),
  botName: z.string().min(1).max(20).default('助手'),
  wechaty: z
    .object({ puppet: z.string().min(1).optional(), token: z.string().min(1).optional(), name: z.string().min(1).default('jijian-zhushou') })
    .default({ name: 'jijian-zhushou' }),
  /** WeCom smart bot (企业微信智能机器人), long connection: bot id and secret from the admin console. */
  wecom: z
    .object({
      botId: z.string({ error: '使用企业微信通道时必须设置 JJZS_WECOM_BOT_ID（智能机器人的 BotID）' }).min(1, '请填写 JJZS_WECOM_BOT_ID'),
      secret: z.string({ error: '使用企业微信通道时必须设置 JJZS_WECOM_SECRET（智能机器人的 Secret）' }).min(1, '请填写 JJZS_WECOM_SECRET'),
      wsUrl: z.string().regex(/^wss?:\/\//, '企业微信长连接地址应以 wss:// 或 ws:// 开头').optional(),
      caFile: z.string().min(1).optional(),
    })
    .optional(),
  /** A WeCom group robot webhook (send-only) for quiz announcements. */
  wecomWebhook: z.url({ error: '群机器人 Webhook 应为 https:// 开头的网址' }).optional(),
  allowRooms: z.array(z.string().min(1)).default([]),
  allowPeople: z.array(z.string().min(1)).default([]),
  adminIds: z.array(z.string().min(1).transform(parseAdminId)).default([]),
  ratePerPerson: int(1, 1000).default(6),
  ratePerRoom: int(1, 10000).default(20),
  maxReplyBytes: int(300, 20000, ' 字节').default(2000),
  staleSeconds: int(10, 86400, ' 秒').default(120),
  nudgeBefore: z.array(int(1, 60, ' 个工作日')).max(10, '至多 10 级').default([7, 3, 1]),
  escalateAfter: int(1, 60, ' 个工作日').default(3),
  nudgeMaxAttempts: int(1, 50, ' 次').default(5),
  chat: ChatSchema.optional(),
  answerability: z.enum(['both', 'rules', 'learned'], '无依据判断方式应为 both、rules 或 learned 之一').default('both'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], '日志级别应为 fatal/error/warn/info/debug/trace/silent 之一').default('info'),
})
export type Config = z.infer<typeof ConfigSchema>
export type { AdminId }

const splitList = (v: string | undefined) => (v ? v.split(/[,;]/).map((s) => s.trim()).filter(Boolean) : undefined)

const FIELD_NAMES: Record<string, string> = {
  dataDir: 'JJZS_DATA_DIR', kbDirs: 'JJZS_KB_DIRS', builtin: 'JJZS_BUILTIN', embedding: 'JJZS_EMBEDDING_*',
  'embedding.provider': 'JJZS_EMBEDDING_PROVIDER', 'embedding.baseURL': 'JJZS_EMBEDDING_BASE_URL',
  'embedding.model': 'JJZS_EMBEDDING_MODEL', 'embedding.dim': 'JJZS_EMBEDDING_DIM', logLevel: 'LOG_LEVEL',
  channel: 'JJZS_CHANNEL', botName: 'JJZS_BOT_NAME', 'wechaty.puppet': 'WECHATY_PUPPET', 'wechaty.token': 'WECHATY_PUPPET_SERVICE_TOKEN',
  allowRooms: 'JJZS_ALLOW_ROOMS', allowPeople: 'JJZS_ALLOW_PEOPLE', adminIds: 'JJZS_ADMIN_IDS', ratePerPerson: 'JJZS_RATE_PERSON',
  ratePerRoom: 'JJZS_RATE_ROOM', maxReplyBytes: 'JJZS_MAX_REPLY_BYTES', staleSeconds: 'JJZS_STALE_SECONDS',
  nudgeBefore: 'JJZS_NUDGE_BEFORE', escalateAfter: 'JJZS_ESCALATE_AFTER', nudgeMaxAttempts: 'JJZS_NUDGE_MAX_ATTEMPTS', answerability: 'JJZS_ANSWERABILITY',
  chat: 'JJZS_CHAT_*', 'chat.baseURL': 'JJZS_CHAT_BASE_URL', 'chat.model': 'JJZS_CHAT_MODEL', 'chat.timeoutSeconds': 'JJZS_CHAT_TIMEOUT', 'chat.rewrite': 'JJZS_CHAT_REWRITE',
  'embedding.apiKey': 'JJZS_EMBEDDING_API_KEY', 'embedding.timeoutSeconds': 'JJZS_EMBEDDING_TIMEOUT',
  wecomWebhook: 'JJZS_WECOM_WEBHOOK', 'wecom.botId': 'JJZS_WECOM_BOT_ID', 'wecom.secret': 'JJZS_WECOM_SECRET', 'wecom.wsUrl': 'JJZS_WECOM_WS_URL', 'wecom.caFile': 'JJZS_WECOM_CA_FILE',
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
      ...(env.JJZS_EMBEDDING_TIMEOUT ? { timeoutSeconds: env.JJZS_EMBEDDING_TIMEOUT } : {}),
    }
    if (!['hash', 'openai'].includes(provider)) problems.push(`JJZS_EMBEDDING_PROVIDER 应为 hash 或 openai，收到“${provider}”`)
  }
  if (env.JJZS_CHAT_BASE_URL || env.JJZS_CHAT_MODEL) {
    if (env.JJZS_CHAT_REWRITE !== undefined && !/^(0|1|true|false)$/i.test(env.JJZS_CHAT_REWRITE)) problems.push(`JJZS_CHAT_REWRITE 应为 1 或 0，收到“${env.JJZS_CHAT_REWRITE.slice(0, 20)}”`)
    fromEnv.chat = {
      ...(env.JJZS_CHAT_BASE_URL ? { baseURL: env.JJZS_CHAT_BASE_URL } : {}),
      ...(env.JJZS_CHAT_MODEL ? { model: env.JJZS_CHAT_MODEL } : {}),
      ...(env.JJZS_CHAT_API_KEY ? { apiKey: env.JJZS_CHAT_API_KEY } : {}),
      ...(env.JJZS_CHAT_TIMEOUT ? { timeoutSeconds: env.JJZS_CHAT_TIMEOUT } : {}),
      ...(env.JJZS_CHAT_REWRITE ? { rewrite: /^(1|true)$/i.test(env.JJZS_CHAT_REWRITE) } : {}),
    }
  }
  if (env.LOG_LEVEL) fromEnv.logLevel = env.LOG_LEVEL
  if (env.JJZS_ANSWERABILITY) fromEnv.answerability = env.JJZS_ANSWERABILITY
  if (env.JJZS_CHANNEL) fromEnv.channel = env.JJZS_CHANNEL
  if (env.JJZS_BOT_NAME) fromEnv.botName = env.JJZS_BOT_NAME
  if (env.WECHATY_PUPPET || env.WECHATY_PUPPET_SERVICE_TOKEN || env.WECHATY_TOKEN) {
    fromEnv.wechaty = {
      ...(env.WECHATY_PUPPET ? { puppet: env.WECHATY_PUPPET } : {}),
      ...(env.WECHATY_PUPPET_SERVICE_TOKEN || env.WECHATY_TOKEN ? { token: env.WECHATY_PUPPET_SERVICE_TOKEN || env.WECHATY_TOKEN } : {}),
    }
  }
  if (env.JJZS_CHANNEL === 'wecom' || env.JJZS_WECOM_BOT_ID || env.JJZS_WECOM_SECRET) {
    fromEnv.wecom = {
      ...(env.JJZS_WECOM_BOT_ID ? { botId: env.JJZS_WECOM_BOT_ID } : {}),
      ...(env.JJZS_WECOM_SECRET ? { secret: env.JJZS_WECOM_SECRET } : {}),
      ...(env.JJZS_WECOM_WS_URL ? { wsUrl: env.JJZS_WECOM_WS_URL } : {}),
      ...(env.JJZS_WECOM_CA_FILE ? { caFile: env.JJZS_WECOM_CA_FILE } : {}),
    }
  }
  if (env.JJZS_WECOM_WEBHOOK) fromEnv.wecomWebhook = env.JJZS_WECOM_WEBHOOK
  if (env.JJZS_ALLOW_ROOMS) fromEnv.allowRooms = splitList(env.JJZS_ALLOW_ROOMS)
  if (env.JJZS_ALLOW_PEOPLE) fromEnv.allowPeople = splitList(env.JJZS_ALLOW_PEOPLE)
  // Admins by name were trusting a nickname anyone can choose: refused with the way forward.
  if (env.JJZS_ADMINS || 'admins' in file) problems.push('JJZS_ADMINS（按名称指定管理员）已停用：昵称可以被任何人改成同名。请改用 JJZS_ADMIN_IDS，按聊天账号 id 指定首位管理员（例如 wechaty:wxid_abc123），其余人员在名册中设置角色（npm run roster）')
  if (env.JJZS_ADMIN_IDS) fromEnv.adminIds = splitList(env.JJZS_ADMIN_IDS)
  if (env.JJZS_RATE_PERSON) fromEnv.ratePerPerson = env.JJZS_RATE_PERSON
  if (env.JJZS_RATE_ROOM) fromEnv.ratePerRoom = env.JJZS_RATE_ROOM
  if (env.JJZS_MAX_REPLY_BYTES) fromEnv.maxReplyBytes = env.JJZS_MAX_REPLY_BYTES
  if (env.JJZS_STALE_SECONDS) fromEnv.staleSeconds = env.JJZS_STALE_SECONDS
  if (env.JJZS_NUDGE_BEFORE) fromEnv.nudgeBefore = splitList(env.JJZS_NUDGE_BEFORE)
  if (env.JJZS_ESCALATE_AFTER) fromEnv.escalateAfter = env.JJZS_ESCALATE_AFTER
  if (env.JJZS_NUDGE_MAX_ATTEMPTS) fromEnv.nudgeMaxAttempts = env.JJZS_NUDGE_MAX_ATTEMPTS
  const { admins: _ignored, ...fileRest } = file
  const parsed = ConfigSchema.safeParse({ ...fileRest, ...fromEnv })
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.')
      problems.push(`${FIELD_NAMES[path] ?? FIELD_NAMES[String(issue.path[0])] ?? path}：${issue.message}`)
    }
  }
  if (parsed.success) {
    const dir = isAbsolute(parsed.data.dataDir) ? parsed.data.dataDir : resolve(parsed.data.dataDir)
    if (existsSync(dir) && !statSync(dir).isDirectory()) problems.push(`JJZS_DATA_DIR：${dir} 是一个文件，不是文件夹。请指定一个文件夹（不存在时会自动创建）`)
    if (parsed.data.channel === 'wecom' && !parsed.data.wecom) problems.push('使用企业微信通道（JJZS_CHANNEL=wecom）时必须设置 JJZS_WECOM_BOT_ID 和 JJZS_WECOM_SECRET')
    if (parsed.data.wecom?.caFile && !existsSync(parsed.data.wecom.caFile)) problems.push(`JJZS_WECOM_CA_FILE：证书文件不存在：${parsed.data.wecom.caFile}`)
  }
  if (problems.length || !parsed.success) throw new ConfigError([...new Set(problems)])
  const c = parsed.data
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(p))
  return { ...c, dataDir: abs(c.dataDir), kbDirs: c.kbDirs.map(abs) }
}
