/**
 * One pino root for the process. Chat content is confidential: message text, questions, answers
 * and names are redacted wherever they appear in a log object; log ids, lengths, hit ids, scores
 * and timings instead. Logs go to stderr so that command output (e.g. --json) stays clean.
 */
import { pino, type Logger } from 'pino'

export type { Logger }

export const REDACT_PATHS = [
  'text', 'question', 'answer', 'name', 'content', 'body', 'excerpt',
  '*.text', '*.question', '*.answer', '*.name', '*.content', '*.body', '*.excerpt',
  'msg.text', 'msg.from.name', 'msg.room.topic',
  // Credentials never reach a log, whatever object carries them.
  'secret', '*.secret', 'token', '*.token', 'apiKey', '*.apiKey', 'wecom.secret',
]

export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[已隐去]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as pino.DestinationStream,
  )
}
