/**
 * Plain text inside Markdown messages (WeCom): corpus quotes, users' words, titles. The characters
 * Markdown reads as formatting are replaced by their full-width forms, which read the same in
 * Chinese text and need no backslash escapes (not every WeCom client honours them). `<` becomes
 * full-width too, so text cannot open a `<font>` tag. Line breaks are kept.
 *
 * @example escapeMarkdown('第*1*项 #2 [链接](x) <font>') // '第＊1＊项 ＃2 [链接］(x) ＜font＞'
 */
const FULL: Record<string, string> = { '*': '＊', _: '＿', '`': '｀', '#': '＃', '>': '＞', '<': '＜', '~': '～', '|': '｜', '\\': '＼' }

export function escapeMarkdown(s: string): string {
  return s
    // Square brackets stay ("[1]" is how answers number citations); only "](" would make a link.
    .replace(/\]\(/g, '］(')
    .replace(/[*_`#<>~|\\]/g, (c) => FULL[c] as string)
    // A line that starts with "- ", "+ " or "1. " would become a list item.
    .replace(/^(\s*)-(\s)/gm, '$1－$2')
    .replace(/^(\s*)\+(\s)/gm, '$1＋$2')
    .replace(/^(\s*\d+)\.(\s)/gm, '$1．$2')
}
