/**
 * The rectification ledger (整改台账): one item per problem, "列单式整改、逐一销号". Validated with
 * zod wherever rows enter (chat commands, sheets, rows read back from SQLite). Owners and
 * supervisors are roster people, named by key.
 */
import { z } from 'zod'

export const ITEM_STATUSES = ['整改中', '已完成待销号', '已销号', '逾期'] as const
export type ItemStatus = (typeof ITEM_STATUSES)[number]
/** Statuses that still get reminders. */
export const OPEN_STATUSES: readonly ItemStatus[] = ['整改中', '逾期']

export const LocalDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD')

/** What a person provides to create an item, once owner and supervisor are resolved to keys. */
export const NewItemSchema = z.object({
  number: z.string().trim().min(1, '编号不能为空').max(40, '编号过长（最多 40 字）').regex(/^[^\s｜|]+$/, '编号不能含空格或竖线'),
  problem: z.string().trim().min(2, '问题描述不能为空').max(2000, '问题描述过长（最多 2000 字）'),
  source: z.string().trim().max(200, '来源过长').default(''),
  unit: z.string().trim().min(1, '责任单位不能为空').max(100, '责任单位过长'),
  ownerKey: z.string().min(1, '责任人不能为空'),
  supervisorKey: z.string().min(1, '督办人不能为空'),
  deadline: LocalDateSchema,
})
export type NewItem = z.infer<typeof NewItemSchema>

/** An item restored from an export: its state and times come with it. */
export interface RestoredItem extends NewItem {
  status: ItemStatus
  completion: string
  createdAt: string
  updatedAt: string
}

export const ItemSchema = NewItemSchema.extend({
  id: z.number().int().positive(),
  status: z.enum(ITEM_STATUSES),
  completion: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Item = z.infer<typeof ItemSchema>

export const HISTORY_ACTIONS = ['create', 'import', 'done', 'close', 'extend', 'overdue'] as const
export type HistoryAction = (typeof HISTORY_ACTIONS)[number]
export const ACTION_LABELS: Record<HistoryAction, string> = { create: '新建', import: '导入', done: '报告完成', close: '销号', extend: '延期', overdue: '逾期' }

export interface HistoryEntry {
  itemId: number
  at: string
  actorKey: string
  actorName: string
  action: HistoryAction
  /** Field changes, old → new. */
  changes: Record<string, [string, string]>
  note: string
}

/** Column headers accepted in sheets (the forms offices use), mapped to fields. */
export const COLUMNS = {
  number: ['编号', '序号', '问题编号'],
  problem: ['问题描述', '问题', '存在问题', '问题内容'],
  source: ['来源', '问题来源', '反馈来源'],
  unit: ['责任单位', '整改单位', '责任部门'],
  owner: ['责任人', '整改责任人'],
  ownerKey: ['责任人编号'],
  supervisor: ['督办人', '督办领导', '分管领导'],
  supervisorKey: ['督办人编号'],
  deadline: ['整改期限', '期限', '完成时限', '截止日期'],
  status: ['状态', '整改状态'],
  completion: ['完成情况', '整改情况'],
  createdAt: ['创建时间'],
  updatedAt: ['最近更新', '更新时间'],
} as const
export type Column = keyof typeof COLUMNS
/** Columns a sheet must have. */
export const REQUIRED_COLUMNS: Column[] = ['number', 'problem', 'unit', 'owner', 'supervisor', 'deadline']

export const EXPORT_HEADERS = ['编号', '问题描述', '来源', '责任单位', '责任人', '责任人编号', '督办人', '督办人编号', '整改期限', '状态', '完成情况', '创建时间', '最近更新'] as const
export const HISTORY_HEADERS = ['编号', '时间', '操作人', '操作人编号', '操作', '变更', '说明'] as const
/** Names of changed fields as written in the history sheet. */
export const CHANGE_LABELS: Record<string, string> = { status: '状态', deadline: '期限' }
