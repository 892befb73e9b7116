/** Splitting Markdown for channels whose messages have a byte limit (WeCom streams, webhooks). */

/** Cuts text into parts of at most `max` UTF-8 bytes, at line ends where possible. */
export function splitBytes(text: string, max: number): string[] {
  const out: string[] = []
  let cur = ''
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8')
  for (const line of text.split('\n')) {
    const next = cur ? `${cur}\n${line}` : line
    if (bytes(next) <= max) {
      cur = next
      continue
    }
    if (cur) out.push(cur)
    cur = ''
    let rest = line
    while (bytes(rest) > max) {
      let n = Math.min(rest.length, max)
      while (bytes(rest.slice(0, n)) > max) n = Math.floor(n * 0.9)
      out.push(rest.slice(0, n))
      rest = rest.slice(n)
    }
    cur = rest
  }
  if (cur) out.push(cur)
  return out.length ? out : ['']
}

