/**
 * Errors of the bot layer. Only UserError text reaches users; it says what to type instead.
 * Retrieval errors (RagError) carry a code from rag/errors.ts.
 */
export { RagError, IngestError, IndexMismatchError, ERROR_CODES } from '../rag/index.js'

export class UserError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UserError'
  }
}

/** Bad configuration: every problem listed, one per line, in Chinese. */
export class ConfigError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(`配置有误：\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}
