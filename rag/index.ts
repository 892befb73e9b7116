/**
 * The door into rag/: the only module bot/ imports. Retrieval (`Retriever`), answering (an
 * `ArticleAnswerer`, article lookup included), a read-only view of sources and units (`Library`),
 * the `Answer` value and its parts, and the few pure helpers the bot's commands share with rag/
 * (Chinese numerals, article ids, short titles). test/rag/door.test.ts reads bot/'s imports and
 * fails on any other path into rag/.
 */
export type {
  Answer,
  Answerer,
  Block,
  ArticleAnswerer,
  Citation,
  ComposingAnswerer,
  Hint,
  Hit,
  Library,
  LookupResult,
  ProvisionId,
  ProvisionInfo,
  ReminderOffer,
  Retrieval,
  RetrieveOptions,
  Retriever,
  SourceMeta,
  Status,
  Turn,
  Unit,
  UnitId,
} from './types.js'
export { CARD_CATEGORY, STATUSES } from './types.js'
export { CITATIONS_HEADING, plainText } from './answer/blocks.js'
export { type ChatOptions, type EmbeddingSpec, type Rag, type RagOptions, embeddingsFor, openRag, withChatModel } from './assemble.js'
export type { SyncReport } from './index/index-store.js'
export { ERROR_CODES, IndexMismatchError, IngestError, RagError } from './errors.js'
export { compactCitation, excerptPassage, WEAK_NOTE } from './answer/answerer.js'
export { Catalog, shortTitle } from './data/catalog.js'
export { articleIdOf } from './query/lookup.js'
export { inForceOn } from './rank/versions.js'
export { bigramContainment } from './ingest/citations.js'
export { NUMERAL_CHARS, articleLabel, parseChineseNumber, toChineseNumber } from './text/numerals.js'
export { DEFAULT_TUNING, type Tuning } from './rank/tuning.js'
export { type Material, sanitiseMaterial, verifyAnswer, verifySentence } from './answer/verify.js'
