/**
 * Splits a long reply at paragraph boundaries so that each part stays under a byte limit (WeCom
 * text messages are limited to 2,048 bytes; WeChat displays long texts badly). Citations stay last
 * because the answer text already ends with them.
 *
 * @example splitReply('一\n\n二', 4) // ['一', '二']
 */
const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

function hardCut(s: string, max: number): string[] {
  const out: string[] = []
  let cur = ''
  for (const ch of s) {
    if (bytes(cur + ch) > max) {
      out.push(cur)
      cur = ''
    }
    cur += ch
  }
  if (cur) out.push(cur)
  return out
}

export function splitReply(text: string, maxBytes: number, maxParts = 6): string[] {
  const t = text.trim()
  if (bytes(t) <= maxBytes) return [t]
  const blocks = t.split(/\n(?=\S)/)
  const parts: string[] = []
  let cur = ''
  for (const b of blocks) {
    const pieces = bytes(b) > maxBytes ? hardCut(b, maxBytes) : [b]
    for (const p of pieces) {
      const joined = cur ? `${cur}\n${p}` : p
      if (bytes(joined) > maxBytes && cur) {
        // A part does not end on a lead-in line ("相关实务材料："): it goes with what it introduces.
        const lines = cur.split('\n')
        const last = lines[lines.length - 1] as string
        if (lines.length > 1 && /[：:]$/.test(last) && bytes(`${last}\n${p}`) <= maxBytes) {
          parts.push(lines.slice(0, -1).join('\n'))
          cur = `${last}\n${p}`
        } else {
          parts.push(cur)
          cur = p
        }
      } else cur = joined
    }
  }
  if (cur) parts.push(cur)
  if (parts.length <= maxParts) return parts
  // Bounded: a flood helps nobody in a group.
  const kept = parts.slice(0, maxParts)
  const note = '\n（内容较长，已截断。请用“/原文 编号”查看全文。）'
  const room = Math.max(0, maxBytes - bytes(note))
  kept[maxParts - 1] = (hardCut(kept[maxParts - 1] as string, room)[0] ?? '') + note
  return kept
}
