/**
 * An answer as data: the blocks its messages are made of, each saying what it is (the sentence
 * that answers, the 定性 line, a quote with its label and citation number, the citation list …),
 * so that every channel renders the same answer its own way (bot/chat/render.ts: plain text for WeChat
 * and the console, Markdown for WeCom). `plainText` is the plain form, which is also the answer's
 * `text` (evaluation, logs of lengths, the model answerer's checks read it).
 *
 * @example plainText([{ kind: 'lead', text: '应当在十五个工作日内书面说明[1]' }, { kind: 'citations', lines: ['[1] 《规则》第二十一条（现行有效）'] }])
 */

export type Block =
  /** note: a hedge or a note on versions; lead: a sentence that answers; verdict: the 定性参考 line; heading: a lead-in ("相关实务材料："); step: a procedure card's step; line: anything else. */
  | { kind: 'note' | 'lead' | 'verdict' | 'heading' | 'step' | 'line'; text: string }
  /** A quoted provision: "《规则》第二十一条：" then the words in quotation marks and the citation number. */
  | { kind: 'quote'; label: string; text: string; n: number }
  /** An excerpt of a practice document. */
  | { kind: 'passage'; title: string; text: string; n: number }
  /** Citation lines ("[1] 《规则》第二十一条（2019年版，现行有效）"); `heading` puts "引用：" before them, after a blank line. */
  | { kind: 'citations'; lines: string[]; heading?: true }
  /** Other articles by regulation and number. */
  | { kind: 'see-also'; items: string[] }

export const CITATIONS_HEADING = '引用：'

function plainLines(b: Block): string[] {
  switch (b.kind) {
    case 'quote':
      return [`${b.label}：`, `“${b.text}”[${b.n}]`]
    case 'passage':
      return [`·《${b.title}》：${b.text}[${b.n}]`]
    case 'citations':
      return b.heading ? ['', CITATIONS_HEADING, ...b.lines] : b.lines
    case 'see-also':
      return b.items.length ? [`另见：${b.items.join('、')}`] : []
    default:
      return [b.text]
  }
}

/** The plain-text form of blocks, one block per line (a quote takes two). */
export function plainText(blocks: readonly Block[]): string {
  return blocks.flatMap(plainLines).join('\n')
}

/** Plain lines as blocks of one kind (the no-basis replies, a command's prose). */
export const lines = (text: string, kind: 'line' | 'note' = 'line'): Block[] => [{ kind, text }]
