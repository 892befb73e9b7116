/**
 * Where the project's own files are, with no dependencies, so that small command-line tools can
 * know them without loading the configuration schema.
 */
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Root of the project checkout (where regulations/ and prompts/ live). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const REGULATIONS_DIR = resolve(PROJECT_ROOT, 'regulations')
/** Knowledge written by the project itself (procedure cards); indexed by default. */
export const BUILTIN_KB_DIR = resolve(REGULATIONS_DIR, 'handbook')
/** What puts a question outside the knowledge base, by what it asks (rag/answer/basis.ts). */
export const BASIS_RULES_FILE = resolve(REGULATIONS_DIR, 'basis-rules.json')
/** The labelled question bank the answerability classifier learns from (rag/answer/classifier.ts). */
export const ANSWERABILITY_DIR = resolve(REGULATIONS_DIR, 'answerability')
/** Holiday arrangements for years chinese-days does not cover yet (optional, written by the project). */
export const HOLIDAY_OVERRIDE_FILE = resolve(REGULATIONS_DIR, 'holidays-override.json')
