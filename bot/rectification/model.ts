/**
 * The rectification ledger (整改台账): one item per problem, "列单式整改、逐一销号". Validated with
 * zod wherever rows enter (chat commands, sheets, rows read back from SQLite).
 */
import { z } from 'zod'

export const ITEM_STATUSES = ['整改中', '已完成待销号', '已销号', '逾期'] as const
export type ItemStatus = (typeof ITEM_STATUSES)[number]

export const LocalDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD')

/** What a person provides to create an item (sheet row or chat command). */
export const NewItemSchema = z.object({
  number: z.string().trim().min(1, '编号不能为空').max(40, '编号过长（最多 40 字）').regex(/^[^\s｜|]+$/, '编号不能含空格或竖线'),
  problem: z.string().trim().min(2, '问题描述不能为空').max(2000, '问题描述过长（最多 2000 字）'),
  source: z.string().trim().max(200, '来源过长').default(''),
  unit: z.string().trim().min(1, '责任单位不能为空').max(100, '责任单位过长'),
  owner: z.string().trim().min(1, '责任人不能为空').max(40, '责任人过长'),
  supervisor: z.string().trim().min(1, '督办人不能为空').max(40, '督办人过长'),
  deadline: LocalDateSchema,
})
export type NewItem = z.infer<typeof NewItemSchema>

export const ItemSchema = NewItemSchema.extend({
  id: z.number().int().positive(),
  status: z.enum(ITEM_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Item = z.infer<typeof ItemSchema>

export interface HistoryEntry {
  itemId: number
  at: string
  actor: string
  action: 'create' | 'done' | 'close' | 'extend' | 'overdue' | 'import'
  /** Field changes, old → new. */
  changes: Record<string, [unknown, unknown]>
  note: string
}

/** Column headers accepted in sheets (the forms offices use), mapped to fields. */
export const COLUMNS: Record<keyof NewItem, string[]> = {
  number: ['编号', '序号', '问题编号'],
  problem: ['问题描述', '问题', '存在问题', '问题内容'],
  source: ['来源', '问题来源', '反馈来源'],
  unit: ['责任单位', '整改单位', '责任部门'],
  owner: ['责任人', '整改责任人'],
  supervisor: ['督办人', '督办领导', '分管领导'],
  deadline: ['整改期限', '期限', '完成时限', '截止日期'],
}
export const EXPORT_HEADERS = ['编号', '问题描述', '来源', '责任单位', '责任人', '督办人', '整改期限', '状态', '最近更新'] as const
