/**
 * Replies as each channel shows them. rag/ returns the answer as blocks (the sentences that answer,
 * the 定性 line, quotes, citations, other articles; rag/answer/blocks.ts); the bot adds its own command
 * syntax and renders them: plain text for WeChat and the console, Markdown for WeCom (the verdict
 * and lead-ins in bold, quotes as block quotes, citations as a list). Every piece of corpus or user
 * text inside Markdown is escaped (channels/markdown.ts); a reply that is a plain string is escaped
 * by the Markdown channel itself.
 *
 * @example renderAnswer(answer).markdown
 */
import { type Answer, type Block, CITATIONS_HEADING, type Hint, type ReminderOffer, plainText } from '../../rag/index.js'
import { escapeMarkdown as esc } from './channels/markdown.js'

export type Format = 'text' | 'markdown'

/** A reply rendered for both kinds of channel. */
export interface Rendered {
  text: string
  markdown: string
}
/** What a handler replies: plain text (escaped by Markdown channels) or a reply rendered for both. */
export type Outgoing = string | Rendered

/** The reply as the channel of this format shows it; `markdown` tells the channel it is Markdown already. */
export function forFormat(m: Outgoing, format: Format): { text: string; markdown: boolean } {
  if (typeof m === 'string') return { text: m, markdown: false }
  return format === 'markdown' ? { text: m.markdown, markdown: true } : { text: m.text, markdown: false }
}

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

/** The offer to track a time limit, in the bot's command syntax. */
export function reminderLine(r: ReminderOffer | undefined): string {
  if (!r) return ''
  return `“${r.what}”期限${r.limit}：私聊发送“/期限 起算日期 ${r.limit}”可算出届满日；需要按期提醒的，管理员可用“/整改 新建”登记（期限写“${r.limit}”）。`
}

function markdownLines(b: Block): string[] {
  switch (b.kind) {
    case 'verdict':
      return [`**${esc(b.text)}**`]
    case 'heading':
      return [`**${esc(b.text.replace(/[：:]$/, ''))}**`]
    case 'quote':
      return [`${esc(b.label)}：`, `> “${esc(b.text).replace(/\n/g, '\n> ')}”[${b.n}]`]
    case 'passage':
      return [`- 《${esc(b.title)}》：${esc(b.text)}[${b.n}]`]
    case 'citations':
      return b.lines.length ? [...(b.heading ? ['', `**${CITATIONS_HEADING.replace(/：$/, '')}**`] : []), ...b.lines.map((l) => `- ${esc(l)}`)] : []
    case 'see-also':
      return b.items.length ? [`另见：${b.items.map(esc).join('、')}`] : []
    default:
      return [esc(b.text)]
  }
}

/** Blocks as Markdown, every text escaped. */
export function markdownOf(blocks: readonly Block[]): string {
  return blocks.flatMap(markdownLines).join('\n')
}

/** Blocks for both kinds of channel, with the bot's own lines (hints) after them. */
export function renderBlocks(blocks: readonly Block[], tail: readonly string[] = []): Rendered {
  const text = [plainText(blocks), ...tail].join('\n')
  const markdown = [markdownOf(blocks), ...(tail.length ? ['', ...tail.map((h) => `*${esc(h)}*`)] : [])].join('\n')
  return { text, markdown }
}

/** The first message of an answer; `renderAnswer(a).text` is what the console and WeChat show. */
export function renderAnswer(a: Answer): Rendered {
  const tail = [a.kind === 'answer' ? reminderLine(a.reminder) : '', hintLine(a.hints)].filter(Boolean)
  return renderBlocks(a.blocks, tail)
}

/** Everything behind "/详": the quotes, the practice material and the full citations. */
export function renderDetail(a: Answer): Rendered | undefined {
  if (a.kind !== 'answer' || !a.more) return undefined
  return renderBlocks(a.more)
}
