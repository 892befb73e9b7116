/**
 * Loaders: bytes of a .md, .txt, .html, .docx or .pdf file to plain text. A file that cannot be
 * read throws an IngestError naming the reason; the caller reports it and goes on with the batch.
 *
 * @example (await loadFile('/kb/a.docx')).text
 */
import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import iconv from 'iconv-lite'
import { IngestError } from '../errors.js'

export const SUPPORTED_EXTENSIONS = ['.md', '.markdown', '.txt', '.html', '.htm', '.docx', '.pdf'] as const

export interface Loaded {
  text: string
  /** 'html' when the text still needs HTML cleaning. */
  format: 'text' | 'html'
  warnings: string[]
}

/** Largest file read; larger ones are refused rather than exhausting memory. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024

export function isSupported(file: string): boolean {
  return (SUPPORTED_EXTENSIONS as readonly string[]).includes(extname(file).toLowerCase())
}

/**
 * Decodes text bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of
 * GBK) when that decodes cleanly into mostly Chinese text. Anything else is refused.
 */
export function decodeText(buf: Buffer, file: string, warnings: string[]): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le')
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return iconv.decode(buf.subarray(2), 'utf16be')
  if (buf.includes(0)) throw new IngestError('FILE_ENCODING', file, '含二进制内容，不是文本文件')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '')
  } catch {
    const text = iconv.decode(buf, 'gb18030')
    const bad = (text.match(/\uFFFD/g) ?? []).length
    const cjk = (text.match(/[\u4e00-\u9fff]/g) ?? []).length
    if (bad === 0 && cjk >= Math.min(20, text.length / 4)) {
      warnings.push('不是 UTF-8 编码，已按 GBK/GB18030 解码，建议转存为 UTF-8')
      return text
    }
    throw new IngestError('FILE_ENCODING', file, '不是 UTF-8，也无法按 GBK 解码；请转存为 UTF-8')
  }
}

async function loadPdf(buf: Buffer, file: string): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf')
  let text: string
  try {
    const pdf = await getDocumentProxy(new Uint8Array(buf), { verbosity: 0 })
    const out = await extractText(pdf, { mergePages: false })
    text = (out.text as string[]).join('\n')
  } catch (cause) {
    throw new IngestError('FILE_UNREADABLE', file, 'PDF 无法解析（文件损坏或加密）', { cause })
  }
  if (text.replace(/\s/g, '').length < 10) throw new IngestError('PDF_NO_TEXT', file)
  return text
}

async function loadDocx(buf: Buffer, file: string): Promise<string> {
  const mammoth = await import('mammoth')
  try {
    const out = await mammoth.extractRawText({ buffer: buf })
    return out.value
  } catch (cause) {
    throw new IngestError('FILE_UNREADABLE', file, 'Word 文档无法解析（文件损坏或不是 .docx）', { cause })
  }
}

export async function loadFile(file: string): Promise<Loaded> {
  const ext = extname(file).toLowerCase()
  if (!isSupported(file)) throw new IngestError('FILE_TYPE', file, `${ext || '无扩展名'}（支持 ${SUPPORTED_EXTENSIONS.join(' ')}）`)
  let buf: Buffer
  try {
    buf = await readFile(file)
  } catch (cause) {
    throw new IngestError('FILE_UNREADABLE', file, (cause as NodeJS.ErrnoException).code ?? String(cause), { cause })
  }
  if (buf.length > MAX_FILE_BYTES) throw new IngestError('FILE_UNREADABLE', file, `文件过大（${Math.round(buf.length / 1048576)} MB）`)
  const warnings: string[] = []
  let text: string
  let format: Loaded['format'] = 'text'
  if (ext === '.pdf') text = await loadPdf(buf, file)
  else if (ext === '.docx') text = await loadDocx(buf, file)
  else {
    text = decodeText(buf, file, warnings)
    if (ext === '.html' || ext === '.htm') format = 'html'
  }
  if (text.replace(/\s/g, '').length === 0) throw new IngestError('FILE_EMPTY', file)
  return { text, format, warnings }
}
