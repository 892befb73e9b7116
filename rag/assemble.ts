/**
 * Builds retrieval and answering from the project's data files and an index folder: the one place
 * in rag/ that wires the parts together (tokenizer, embeddings, index, catalogue, rules, classifier,
 * retriever, answerer). bot/app.ts calls `openRag` with paths and settings it read from the
 * configuration; nothing here reads the environment.
 *
 * @example const rag = await openRag({ regulationsDir, roots: [dir], indexDir, embedding: { provider: 'hash', dim: 256 }, ... })
 */
import { join } from 'node:path'
import { DEFAULT_POLICY, ExtractiveAnswerer } from './answer/answerer.js'
import { BasisRules } from './answer/basis.js'
import { BehaviourCatalogue } from './data/behaviours.js'
import { Catalog } from './data/catalog.js'
import { type Classifier, loadBank, trainClassifier } from './answer/classifier.js'
import { HashingEmbeddings, type NamedEmbeddings, openAICompatibleEmbeddings } from './index/embedding.js'
import { loadDomainTerms, loadVariants, withVariants } from './answer/evidence.js'
import { loadSynonyms } from './query/expand.js'
import { type SyncReport, syncIndex } from './index/index-store.js'
import type { ModelOutcome } from './answer/model-answerer.js'
import { Parallels } from './rank/parallels.js'
import { HybridRetriever } from './rank/retriever.js'
import { createTokenizer } from './index/tokenize.js'
import type { Tuning } from './rank/tuning.js'
import type { ArticleAnswerer, ComposingAnswerer, Library, Retriever } from './types.js'

export type EmbeddingSpec =
  | { provider: 'hash'; dim: number }
  | { provider: 'openai'; baseURL: string; model: string; apiKey?: string; dim: number; timeoutMs: number }

export interface RagOptions {
  /** The project's regulations/ folder: catalog.json, dict.txt, synonyms.json, catalogue/, correspondence/ … */
  regulationsDir: string
  /** What puts a question outside the knowledge base (basis-rules.json). */
  basisRulesFile: string
  /** The labelled question bank of the answerability classifier. */
  answerabilityDir: string
  /** Knowledge-base folders, in order. */
  roots: string[]
  /** Where this set of folders keeps its index. */
  indexDir: string
  embedding: EmbeddingSpec
  /** `rules`: the hand-written filter alone; otherwise the learned classifier as well. */
  answerability: 'rules' | 'learned' | 'both'
  now: () => Date
  /** Today's date where the users are (YYYY-MM-DD), for which version is in force. */
  today: () => string
  rebuild?: boolean
  progress?: (line: string) => void
}

export interface Rag {
  /** Sources and units, read-only. */
  library: Library
  retriever: Retriever
  /** The extractive answerer (article lookup included); `compose` answers from a retrieval already made. */
  answerer: ComposingAnswerer
  report: SyncReport
  /** The answerability classifier's training in this process: questions learned from and wall time (absent in `rules` mode). */
  answerability?: { questions: number; trainMs: number }
  /** The index folder and the knowledge-base folders it covers. */
  indexDir: string
  roots: string[]
  /** The same knowledge base with other retrieval knobs (for `npm run knobs`). */
  retuned(t: Partial<Tuning>): { retriever: Retriever; answerer: ComposingAnswerer }
}

export function embeddingsFor(spec: EmbeddingSpec): Promise<NamedEmbeddings> {
  if (spec.provider === 'hash') return Promise.resolve(new HashingEmbeddings({ dim: spec.dim }))
  return openAICompatibleEmbeddings({ baseURL: spec.baseURL, model: spec.model, apiKey: spec.apiKey, dim: spec.dim, timeoutMs: spec.timeoutMs })
}

const trained = new Map<string, { classifier: Classifier; questions: number; trainMs: number }>()
/**
 * The answerability classifier, trained once per process and bank (deterministic; 1.6–2.5 s, see `npm run bench`):
 * the question bank, and as answerable questions the everyday wordings of every catalogued article
 * (regulations/catalogue/, written from the texts), so that every article in scope is represented.
 */
function classifierFor(bankDir: string, behaviours: BehaviourCatalogue): { classifier: Classifier; questions: number; trainMs: number } {
  let c = trained.get(bankDir)
  if (!c) {
    const says = behaviours.all().flatMap((e) => e.says.map((question, i) => ({ id: `${e.id}/${i}`, question, label: 'answerable' as const })))
    const all = [...loadBank(bankDir), ...says]
    const t = performance.now()
    c = { classifier: trainClassifier(all), questions: all.length, trainMs: performance.now() - t }
    trained.set(bankDir, c)
  }
  return c
}

/** Loads (or builds, or brings up to date) the index for the knowledge base and wires retrieval and answering. */
export async function openRag(o: RagOptions): Promise<Rag> {
  const reg = (f: string) => join(o.regulationsDir, f)
  const embeddings = await embeddingsFor(o.embedding)
  const catalog = Catalog.load(reg('catalog.json'))
  const tokenizer = createTokenizer({ dictFiles: [reg('dict.txt')] })
  const { index, report } = await syncIndex(o.indexDir, o.roots, { catalog, tokenizer, embeddings, now: o.now, progress: o.progress }, { rebuild: o.rebuild })
  const behaviours = BehaviourCatalogue.load(reg('catalogue'))
  const rules = BasisRules.load(o.basisRulesFile)
  const synonyms = loadSynonyms(reg('synonyms.json'))
  const variants = loadVariants(reg('variants.json'))
  const terms = loadDomainTerms(reg('dict.txt'), variants)
  const retriever = new HybridRetriever({ parallels: Parallels.load(reg('correspondence')), index, tokenizer, embeddings, catalog, synonyms, behaviours, today: o.today })
  const learned = o.answerability === 'rules' ? undefined : classifierFor(o.answerabilityDir, behaviours)
  const classifier = learned?.classifier
  const policy = { ...DEFAULT_POLICY, answerability: { ...DEFAULT_POLICY.answerability, mode: o.answerability } }
  const answererOn = (r: Retriever) => new ExtractiveAnswerer(r, { rules, behaviours, synonyms: withVariants(synonyms, variants), terms, policy, ...(classifier ? { classifier } : {}) })
  return {
    library: index,
    retriever,
    answerer: answererOn(retriever),
    report,
    ...(learned ? { answerability: { questions: learned.questions, trainMs: learned.trainMs } } : {}),
    indexDir: o.indexDir,
    roots: o.roots,
    retuned(t) {
      const r = retriever.retuned(t)
      return { retriever: r, answerer: answererOn(r) }
    },
  }
}

export interface ChatOptions {
  baseURL: string
  model: string
  apiKey?: string
  timeoutMs: number
  /** Also ask the model for the rules' wording of the question, added to the retrieval query. */
  rewrite: boolean
  now: () => number
  onOutcome?: (o: ModelOutcome) => void
}

/**
 * The model answerer on an OpenAI-compatible endpoint, wrapping the extractive one (every sentence
 * checked against its cited text; the extractive answer goes out when the checks fail). Loaded only
 * when called, so that a bot without a model never loads the model libraries.
 */
export async function withChatModel(rag: Pick<Rag, 'answerer' | 'retriever'>, o: ChatOptions): Promise<ArticleAnswerer> {
  const { openAICompatibleChat } = await import('./answer/chat-model.js')
  const { ModelAnswerer } = await import('./answer/model-answerer.js')
  const model = await openAICompatibleChat({ baseURL: o.baseURL, model: o.model, ...(o.apiKey ? { apiKey: o.apiKey } : {}), timeoutMs: o.timeoutMs })
  return new ModelAnswerer({ base: rag.answerer, retriever: rag.retriever, model, timeoutMs: o.timeoutMs, rewrite: o.rewrite, now: o.now, ...(o.onOutcome ? { onOutcome: o.onOutcome } : {}) })
}
