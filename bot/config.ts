/**
 * Configuration: the only reader of process.env. Values come from environment variables and an
 * optional JSON file (JJZS_CONFIG); every value is validated with zod at start, and each bad value
 * gets its own Chinese message. `SETTINGS` is the one table of variables: loading reads it, error
 * messages name variables from it, and the README's configuration table is printed from it
 * (`configTable()`; test/bot/config.test.ts fails when the README differs).
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { z } from 'zod'
import { ConfigError } from './errors.js'
import { type AdminId, parseAdminId } from './office/roster/roster.js'

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

type Kind = 'string' | 'list' | 'bool' | 'number'
/** One environment variable: where it goes in the configuration and how its text is read. */
interface Variable {
  env: string
  /** Dotted path in `Config` ("embedding.baseURL"). */
  path: string
  kind: Kind
}
/** A row of the README table: one or more variables with one meaning. */
export interface Setting {
  vars: Variable[]
  /** What it does, in Chinese, as the README says it. */
  meaning: string
  /** The default as the README shows it. */
  default: string
}

const v = (env: string, path: string, kind: Kind = 'string'): Variable => ({ env, path, kind })

export const SETTINGS: readonly Setting[] = [
  { vars: [v('JJZS_DATA_DIR', 'dataDir')], meaning: '数据目录（索引、台账、反馈等）', default: '`./data`' },
  { vars: [v('JJZS_KB_DIRS', 'kbDirs', 'list')], meaning: '知识库文件夹，用 `,` 或 `;` 分隔', default: '无' },
  { vars: [v('JJZS_BUILTIN', 'builtin', 'bool')], meaning: '是否包含内置知识（`regulations/handbook`），`1` 或 `0`', default: '`1`' },
  { vars: [v('JJZS_EMBEDDING_PROVIDER', 'embedding.provider')], meaning: '`hash`（内置离线）或 `openai`（任何 OpenAI 兼容接口：vLLM、Ollama、Xinference、DeepSeek、通义千问等）', default: '`hash`' },
  { vars: [v('JJZS_EMBEDDING_BASE_URL', 'embedding.baseURL'), v('JJZS_EMBEDDING_MODEL', 'embedding.model'), v('JJZS_EMBEDDING_API_KEY', 'embedding.apiKey'), v('JJZS_EMBEDDING_DIM', 'embedding.dim')], meaning: 'OpenAI 兼容向量接口的地址、模型、密钥、维度（`hash` 时只用维度）', default: '— / — / — / 256（openai 为 1024）' },
  { vars: [v('JJZS_EMBEDDING_TIMEOUT', 'embedding.timeoutSeconds')], meaning: '向量接口每次请求的超时（秒），失败重试 1 次后报错', default: '15' },
  { vars: [v('JJZS_CHANNEL', 'channel')], meaning: '通道：`console`（终端）、`wechaty`（微信）或 `wecom`（企业微信智能机器人）', default: '`console`' },
  { vars: [v('JJZS_BOT_NAME', 'botName')], meaning: '群里 @ 的名字', default: '`助手`' },
  { vars: [v('WECHATY_PUPPET', 'wechaty.puppet'), v('WECHATY_PUPPET_SERVICE_TOKEN', 'wechaty.token')], meaning: 'wechaty 的 puppet 与令牌（旧名 `WECHATY_TOKEN` 也认）', default: '—' },
  { vars: [v('JJZS_WECOM_BOT_ID', 'wecom.botId'), v('JJZS_WECOM_SECRET', 'wecom.secret')], meaning: '企业微信智能机器人的 BotID 与 Secret（`JJZS_CHANNEL=wecom` 时必填；Secret 不写进日志）', default: '—' },
  { vars: [v('JJZS_WECOM_WS_URL', 'wecom.wsUrl'), v('JJZS_WECOM_CA_FILE', 'wecom.caFile')], meaning: '私有化部署的企业微信长连接地址（`wss://`）与所需根证书文件', default: '官方地址 / —' },
  { vars: [v('JJZS_WECOM_WEBHOOK', 'wecomWebhook')], meaning: '企业微信群机器人 Webhook（只发不收）：测验开始和结束的通知、整改日报（只有数字）', default: '无' },
  { vars: [v('JJZS_ADMIN_IDS', 'adminIds', 'list')], meaning: '首位管理员的聊天账号 id（`wechaty:wxid_…`、`wecom:UserID`，逗号分隔；不写前缀则各通道都算）。旧的按名称的 `JJZS_ADMINS` 已停用，设置了会报错并提示改法', default: '无' },
  { vars: [v('JJZS_ALLOW_ROOMS', 'allowRooms', 'list'), v('JJZS_ALLOW_PEOPLE', 'allowPeople', 'list')], meaning: '允许的群（群 id 或群名；群名可被群成员修改，建议用 id）、允许的人（账号 id，不按昵称）', default: '不限 / 不限' },
  { vars: [v('JJZS_RATE_PERSON', 'ratePerPerson', 'number'), v('JJZS_RATE_ROOM', 'ratePerRoom', 'number')], meaning: '每人 / 每群每分钟消息上限', default: '6 / 20' },
  { vars: [v('JJZS_MAX_REPLY_BYTES', 'maxReplyBytes', 'number')], meaning: '单条答复最大字节数', default: '2000' },
  { vars: [v('JJZS_STALE_SECONDS', 'staleSeconds', 'number')], meaning: '早于此秒数的消息视为过期重放', default: '120' },
  { vars: [v('JJZS_NUDGE_BEFORE', 'nudgeBefore', 'list'), v('JJZS_ESCALATE_AFTER', 'escalateAfter', 'number')], meaning: '整改提醒：到期前第几个工作日提醒（逗号分隔）/ 逾期几个工作日后告知督办人', default: '`7,3,1` / 3' },
  { vars: [v('JJZS_NUDGE_MAX_ATTEMPTS', 'nudgeMaxAttempts', 'number')], meaning: '一条提醒最多尝试发送几次，之后标记为发送失败并通知管理员', default: '5' },
  { vars: [v('JJZS_CHAT_BASE_URL', 'chat.baseURL'), v('JJZS_CHAT_MODEL', 'chat.model'), v('JJZS_CHAT_API_KEY', 'chat.apiKey')], meaning: '可选的 OpenAI 兼容对话模型（用来组织答复语言，逐句核对，见上文）；不设置则不调用任何模型', default: '无' },
  { vars: [v('JJZS_CHAT_TIMEOUT', 'chat.timeoutSeconds'), v('JJZS_CHAT_REWRITE', 'chat.rewrite', 'bool')], meaning: '每次调用模型的超时（秒）；`1` 时还让模型把口语问题改写成条文用语，追加到检索用语', default: '20 / 0' },
  { vars: [v('JJZS_ANSWERABILITY', 'answerability')], meaning: '怎样判断“没有依据”：`both`（规则、条文证据和学来的判断）、`rules`（不用学来的判断）、`learned`（只用学来的判断）', default: '`both`' },
  { vars: [v('JJZS_CONFIG', '')], meaning: 'JSON 配置文件（字段名为上面各项在配置中的驼峰名，如 `dataDir`、`ratePerPerson`）；环境变量优先', default: '—' },
  { vars: [v('LOG_LEVEL', 'logLevel')], meaning: '日志级别（fatal、error、warn、info、debug、trace、silent）；日志不含消息原文', default: '`info`' },
]

/** Variables by config path, for error messages ("embedding.baseURL" → JJZS_EMBEDDING_BASE_URL). */
const FIELD_NAMES: Record<string, string> = {
  ...Object.fromEntries(SETTINGS.flatMap((s) => s.vars).filter((x) => x.path).map((x) => [x.path, x.env])),
  embedding: 'JJZS_EMBEDDING_*',
  chat: 'JJZS_CHAT_*',
  wecom: 'JJZS_WECOM_*',
}

/**
 * Groups whose object is built only when one of these variables is set (a lone timeout does not
 * switch a chat model on; the embedding provider defaults to `hash`).
 */
const TRIGGERS: Record<string, (env: NodeJS.ProcessEnv) => boolean> = {
  embedding: (env) => !!(env.JJZS_EMBEDDING_PROVIDER || env.JJZS_EMBEDDING_DIM),
  chat: (env) => !!(env.JJZS_CHAT_BASE_URL || env.JJZS_CHAT_MODEL),
  wecom: (env) => env.JJZS_CHANNEL === 'wecom' || !!(env.JJZS_WECOM_BOT_ID || env.JJZS_WECOM_SECRET),
}

/** The README's configuration table, printed from `SETTINGS`. */
export function configTable(): string {
  const name = (s: Setting) => s.vars.map((x) => `\`${x.env}\``).join(' / ')
  return ['| 变量 | 含义 | 默认 |', '|---|---|---|', ...SETTINGS.map((s) => `| ${name(s)} | ${s.meaning} | ${s.default} |`)].join('\n')
}

/** The settings the environment gives, as a partial configuration object (values still text). */
function fromEnvironment(env: NodeJS.ProcessEnv, problems: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const x of SETTINGS.flatMap((s) => s.vars)) {
    const raw = x.env === 'WECHATY_PUPPET_SERVICE_TOKEN' ? env[x.env] || env.WECHATY_TOKEN : env[x.env]
    if (!x.path || raw === undefined || raw === '') continue
    const [group, key] = x.path.includes('.') ? (x.path.split('.') as [string, string]) : [undefined, x.path]
    if (group && TRIGGERS[group] && !TRIGGERS[group](env)) continue
    let value: unknown = raw
    if (x.kind === 'list') value = raw.split(/[,;]/).map((s) => s.trim()).filter(Boolean)
    if (x.kind === 'bool') {
      if (!/^(0|1|true|false)$/i.test(raw)) problems.push(`${x.env} 应为 1 或 0，收到“${raw.slice(0, 20)}”`)
      value = /^(1|true)$/i.test(raw)
    }
    if (group) out[group] = { ...(out[group] as object | undefined), [key]: value }
    else out[key] = value
  }
  for (const [group, on] of Object.entries(TRIGGERS)) if (on(env) && !out[group]) out[group] = {}
  const e = out.embedding as Record<string, unknown> | undefined
  if (e) {
    e.provider ??= 'hash'
    if (!['hash', 'openai'].includes(String(e.provider))) problems.push(`JJZS_EMBEDDING_PROVIDER 应为 hash 或 openai，收到“${String(e.provider).slice(0, 20)}”`)
  }
  return out
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
  const fromEnv = fromEnvironment(env, problems)
  // Admins by name were trusting a nickname anyone can choose: refused with the way forward.
  if (env.JJZS_ADMINS || 'admins' in file) problems.push('JJZS_ADMINS（按名称指定管理员）已停用：昵称可以被任何人改成同名。请改用 JJZS_ADMIN_IDS，按聊天账号 id 指定首位管理员（例如 wechaty:wxid_abc123），其余人员在名册中设置角色（npm run roster）')
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
