/**
 * Answers as each channel shows them. rag/ returns the answer with its parts (verdict, whether it is
 * weak, citations, what the reader can do next); the bot adds its own command syntax and formats:
 * plain text for WeChat and the console, Markdown for WeCom (the verdict in bold, quotes as block
 * quotes, citations as a list).
 *
 * @example renderAnswer(answer, 'markdown')
 */
import type { Answer, Hint, ReminderOffer } from '../rag/index.js'

export type Format = 'text' | 'markdown'

const HINTS: Record<Hint, string> = {
  detail: '回复“/详”看全部引文和实务材料',
  original: '“/原文 1”看第 1 条全文',
  lookup: '也可以用“/条 监察法 48”查具体条文',
  ingest: '导入方法：npm run ingest -- <法规文件夹>',
}

/** The hint line in the bot's command syntax. */
export function hintLine(hints: readonly Hint[] | undefined): string {
  if (!hints?.length) return ''
  return `${hints.map((h) => HINTS[h]).join('，')}。`
}

/** Escapes Markdown's own characters in text that is not meant as formatting. */
const esc = (s: string) => s.replace(/([\\`*_[\]#>])/g, '\\$1')

export function toMarkdown(text: string, verdict?: string): string {
  const lines = text.split('\n')
  let inCitations = false
  return lines
    .map((l) => {
      if (l === '引用：') {
        inCitations = true
        return '**引用**'
      }
      if (inCitations && /^\[\d+\]/.test(l)) return `- ${esc(l)}`
      if (verdict && l === verdict) return `**${esc(l)}**`
      if (/^“/.test(l) || /：$/.test(lines[lines.indexOf(l) - 1] ?? '') && /^“/.test(l)) return `> ${esc(l)}`
      return esc(l)
    })
    .join('\n')
}

/** The offer to track a time limit, in the bot's command syntax. */
export function reminderLine(r: ReminderOffer | undefined): string {
  if (!r) return ''
  return `“${r.what}”期限${r.limit}：私聊发送“/期限 起算日期 ${r.limit}”可算出届满日；需要按期提醒的，管理员可用“/整改 新建”登记（期限写“${r.limit}”）。`
}

export function renderAnswer(a: Answer, format: Format = 'text'): string {
  const hint = [a.kind === 'answer' ? reminderLine(a.reminder) : '', hintLine(a.hints)].filter(Boolean).join('\n')
  const verdict = a.kind === 'answer' ? a.verdict : undefined
  if (format === 'markdown') return [toMarkdown(a.text, verdict), ...(hint ? ['', ...hint.split('\n').map((h) => `*${esc(h)}*`)] : [])].join('\n')
  return hint ? `${a.text}\n${hint}` : a.text
}
