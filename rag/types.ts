/**
 * Types that cross the border of rag/. Everything the bot and the command-line tools see of
 * retrieval is declared here.
 */
import type { Block } from './answer/blocks.js'
import type { CaseDate } from './query/case-date.js'
import type { Reference } from './query/lookup.js'

/** `<file stem>#<article>` with optional `.款.项`, e.g. `jiandu-zhiji-guize-2019#21` or `x#30.1.3`. */
export type ProvisionId = string & { readonly __brand: 'ProvisionId' }
/** Identifier of a document passage: `<source key>@<n>`. */
export type PassageId = string & { readonly __brand: 'PassageId' }
export type UnitId = ProvisionId | PassageId

export const STATUSES = ['现行有效', '已被取代', '已废止'] as const
export type Status = (typeof STATUSES)[number]

export const LEVELS = ['中央', '省', '市', '县'] as const
export type Level = (typeof LEVELS)[number]

/** Metadata of one source file (a regulation version or a practice document). */
export interface SourceMeta {
  /** Stable key: the file stem, made unique within the knowledge base. */
  key: string
  kind: 'regulation' | 'document'
  title: string
  issuer?: string
  /** 文号, e.g. 中纪发〔2010〕13号 */
  docNumber?: string
  /** Version label or date as written (e.g. "2019-01-01起施行"). */
  version?: string
  /** Best-known date (YYYY-MM-DD or YYYY-MM or YYYY) when it took effect or was published. */
  date?: string
  status: Status
  /** Free-text note on the status (what superseded it, caveats). */
  statusNote?: string
  level?: Level
  category?: string
  /** Path of the original in its source repository, when a catalog gives one (used to exclude a question's own source in evaluation). */
  sourcePath?: string
  /** Family id from the regulation catalog, when the source is a known regulation. */
  family?: string
  /** Absolute path of the file it was read from. */
  file: string
  /** Key of an earlier document this one nearly duplicates. */
  duplicateOf?: string
  /** Procedure cards written by the project: the provisions the card rests on. */
  basis?: ProvisionId[]
  /** Procedure cards: time limits as data. */
  limits?: TimeLimit[]
}

/** A procedural time limit: what must happen, within how long, counted from when, and where it is written. */
export interface TimeLimit {
  what: string
  limit: string
  from: string
  basis: ProvisionId
}

/** Category given to the project's own procedure cards. */
export const CARD_CATEGORY = '办事指引'

/** One retrievable unit: an article of a regulation or a passage of a document. */
export interface Unit {
  id: UnitId
  source: string
  kind: 'article' | 'passage'
  /** Article number for articles. */
  article?: number
  /** 《标题》第三章 第二十一条 */
  breadcrumb: string
  /** For articles: the names of the 编/章/节 it sits in ("第八章 对违反廉洁纪律行为的处分"). */
  heading?: string
  /** Full text of the unit (article text including its 款 and 项). */
  text: string
  /** For articles: the 款 (paragraphs), each a list of 项 lines joined; used for 款/项 ids and excerpts. */
  clauses?: string[]
  /** For passages: provisions the passage cites, resolved to ids. */
  cites?: ProvisionId[]
}

export interface Hit {
  id: UnitId
  unit: Unit
  source: SourceMeta
  /** Fused score, only comparable within one result list. */
  score: number
  /** Which rankings found it, for debugging and logs. */
  via: string[]
}

export interface HitFilter {
  kinds?: Array<Unit['kind']>
  /** Drop units whose source has one of these original paths or keys (evaluation: a question's own source article). */
  excludeSources?: string[]
}

export interface RetrieveOptions {
  k?: number
  /** The sentence that asks (a follow-up read with the previous question): weighs more, like the last line of a case. */
  focus?: string
  filter?: HitFilter
  /** Receives each ranking before fusion, as unit ids best first (for `ask --explain` and tuning). */
  explain?: (ranking: string, ids: string[]) => void
}

export interface LookupResult {
  ref: Reference
  /** The regulation the reference resolved to (undefined when the name is unknown here). */
  source?: SourceMeta
  /** Unit index of the article, when it exists. */
  unit?: number
  bare: boolean
}

export interface Retrieval {
  hits: Hit[]
  lookup?: LookupResult
  /** 0..1: share of the question's weighted terms found in the best hits (text or catalogue field). */
  confidence: number
  /** Terms of the question that the index does not know at all (for the no-basis decision). */
  unknownShare: number
  /**
   * The latest event date the question tells of ("2019年3月，某某……"): the version in force then
   * is placed first in each version pair, the current text right after it.
   */
  caseDate?: CaseDate
  /** Who the question is about for the sanction system (a non-party public servant, an SOE manager, a party member). */
  frame?: 'gov' | 'soe' | 'party'
  /** Best catalogue entries for the question (their articles may or may not be in the knowledge base). */
  catalogue?: Array<{ id: string; score: number; coverage: number }>
}

/** What a citation needs to say about a provision. */
export interface ProvisionInfo {
  title: string
  label: string
  version?: string
  status?: Status
  statusNote?: string
  /** False when only the catalog knows the regulation (its text is not in the knowledge base). */
  inIndex: boolean
  unit?: number
}

/** The retrieval seam: what bot/ and the answerer depend on (HybridRetriever is the implementation). */
export interface Retriever {
  search(q: string, o?: RetrieveOptions): Promise<Retrieval>
  retrieve(q: string, o?: RetrieveOptions): Promise<Hit[]>
  /** Resolves "监察法第48条" to an article of the knowledge base. */
  lookup(q: string): LookupResult | undefined
  /** Title, label, version and status of a provision id, from the index or, failing that, the catalog. */
  describe(id: string): ProvisionInfo | undefined
  /** Article ids of the same provision in other versions, as aligned in the index. */
  counterpartIds(id: string): string[]
  /** The same article number in the catalog's other versions of the family (texts need not be indexed). */
  familyCounterparts(id: string): string[]
  /**
   * Articles of the other sanction systems covering the same behaviour (条例 → 政务处分法, 国企管理人员处分条例):
   * empty lists when the correspondence table lists the article with none, undefined when it does not list it.
   */
  parallelsOf(id: string): { zhengwu: string[]; guoqi: string[] } | undefined
  /** A hit for a unit index (to quote an article a card cites). */
  hitFor(i: number): Hit
  /** Units of one source in order. */
  unitsOf(key: string): Unit[]
  /** Number of articles of a regulation source in the index. */
  articleCount(key: string): number
}

export interface Citation {
  n: number
  id: UnitId
  title: string
  /** 第二十一条, or the passage's heading */
  label: string
  breadcrumb: string
  version?: string
  status: Status
  statusNote?: string
  excerpt: string
}

/**
 * What the reader can do next, said by the bot in its own command syntax (rag/ writes none):
 * `detail` the full answer, `original` the first citation's full text, `lookup` how to look up an
 * article, `ingest` how to import the official texts.
 */
export type Hint = 'detail' | 'original' | 'lookup' | 'ingest'

/** A time limit the answer names that the reader may put into the rectification ledger with a reminder. */
export interface ReminderOffer {
  /** What the limit is for ("初步核实"). */
  what: string
  /** The limit as people write it ("15个工作日", "3个月"). */
  limit: string
}

export type { Block } from './answer/blocks.js'

export type Answer =
  /**
   * `blocks` is the first message as data (the sentences that answer, the citations they rest on,
   * the other articles by name) and `text` its plain form; `more` and `detail` the same for
   * everything behind the detail command; `lead` the sentence that answers; `verdict` the 定性
   * line when there is one; `weak` when the articles are only possibly relevant.
   */
  | {
      kind: 'answer'
      text: string
      blocks: Block[]
      citations: Citation[]
      lead?: string
      detail?: string
      more?: Block[]
      verdict?: string
      weak?: boolean
      hints?: Hint[]
      reminder?: ReminderOffer
      /** `model` when a chat model wrote the sentences (each checked against its cited text); absent for the extractive answer. */
      composer?: 'model'
      /** An expert-confirmed FAQ entry answered (its id). */
      faq?: string
    }
  /** `missing`: what the texts were searched for and do not state ("法规中没有规定……"). */
  /** `outside`: the question is outside the field these texts govern (weather, HR, courts …), not a gap in them. */
  | { kind: 'no-basis'; text: string; blocks: Block[]; citations: []; hints?: Hint[]; missing?: string; outside?: true }

export interface Turn {
  question: string
  answer?: string
}

export interface Answerer {
  answer(q: string, o?: { signal?: AbortSignal; history?: Turn[]; focus?: string }): Promise<Answer>
}

/** An answerer that also looks up one article by name and number (/条): what the bot talks to. */
export interface ArticleAnswerer extends Answerer {
  lookupArticle(name: string, article: number, clause?: number): Promise<Answer>
}

/** The extractive answerer: also answers from a retrieval already made (evaluation, `ask --explain`, the model answerer's fallback). */
export interface ComposingAnswerer extends ArticleAnswerer {
  compose(q: string, r: Retrieval, followUp?: string): Answer
}

/** What bot/ sees of the knowledge base: its sources and units, read-only. */
export interface Library {
  readonly sources: ReadonlyMap<string, SourceMeta>
  readonly units: readonly Unit[]
  /** Unit id → position in `units`. */
  readonly byId: ReadonlyMap<string, number>
  /** Positions of the article units. */
  readonly articleIdx: readonly number[]
  source(u: Unit): SourceMeta
}
