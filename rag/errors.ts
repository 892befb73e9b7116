/**
 * Typed errors of the retrieval layer. Each carries a code from one catalog; the message is
 * Chinese because some of them reach users (through the bot's UserError mapping or the CLI).
 */
export const ERROR_CODES = {
  FILE_UNREADABLE: '文件无法读取',
  FILE_EMPTY: '文件为空或没有可用正文',
  FILE_ENCODING: '文件编码无法识别',
  FILE_TYPE: '不支持的文件类型',
  PDF_NO_TEXT: 'PDF 中没有可提取的文字（可能是扫描件）',
  CATALOG_INVALID: '目录文件格式错误',
  INDEX_MISSING: '索引不存在',
  INDEX_MISMATCH: '索引与当前配置不一致',
  INDEX_CORRUPT: '索引文件损坏',
  EMBEDDING_FAILED: '向量化失败',
  BAD_QUESTION: '问题无效',
} as const

export type ErrorCode = keyof typeof ERROR_CODES

export class RagError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'RagError'
    this.code = code
  }
}

/** A file that could not be ingested; the batch goes on without it. */
export class IngestError extends RagError {
  readonly file: string
  constructor(code: ErrorCode, file: string, detail?: string, options?: { cause?: unknown }) {
    super(code, `${ERROR_CODES[code]}${detail ? `：${detail}` : ''}`, options)
    this.name = 'IngestError'
    this.file = file
  }
}

/** The persisted index does not match the running configuration; refuse rather than mix. */
export class IndexMismatchError extends RagError {
  constructor(what: string, stored: string, current: string) {
    super(
      'INDEX_MISMATCH',
      `索引与当前配置不一致（${what}：索引为 ${stored}，当前为 ${current}）。请运行 npm run ingest -- --rebuild 重建索引。`,
    )
    this.name = 'IndexMismatchError'
  }
}
