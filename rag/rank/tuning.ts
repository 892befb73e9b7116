/**
 * The retriever's tuning knobs and the one function that turns them into ranking weights.
 *
 * Every knob below says what it does; two (catByCov, topic) also give the figures measured when they
 * were set. The figures for the others are in rag/DESIGN.md ("Knobs"), from the last `npm run knobs`
 * run, which re-measures each knob at half and double its value (or off) on the sets you give it
 * (dev-chat = the 137 chat questions of ../shared/eval/dev-chat.jsonl; dev = dev-retrieval.jsonl). A ranking without a knob weighs 1 in its fusion (BM25 over the
 * question, the asking sentence, the regulations the question names, the passages and titles that
 * choose documents).
 *
 * @example weightsOf({ length: 30, textCoverage: 0.2 }, DEFAULT_TUNING).catalogue // 5
 */

export interface Tuning {
  /** Query weight of a character bigram (a jieba word weighs 1). Bigrams make chat wording meet legal wording. */
  bigram: number
  /** Query weight of a colloquial expansion from regulations/synonyms.json. */
  expansion: number
  /** Extra query weight of the asking sentence of a long case description. */
  focus: number
  /** RRF weight of the dense (vector) ranking; with the built-in hashed n-grams it is a second lexical view. */
  dense: number
  /** RRF weight of the articles cited by the best-matching documents, at full strength. */
  cited: number
  /** How many of the best-matching documents lend their citations. */
  citedPassages: number
  /** Text coverage below which citations count fully … */
  citedLo: number
  /** … and above which they count not at all (a question quoting the rules is answered by their text). */
  citedHi: number
  /** Short questions: share of the cited weight for that re-ranking. */
  shortCited: number
  /** RRF constant of the article fusion. */
  rrfK: number
  /** Weight of the citations made by the best-matching passages themselves (shared among a passage's citations). */
  passageCites: number
  /** How many of the best passages lend their own citations. */
  passageCitesPool: number
  /** Short questions: RRF weight of the most strongly cited articles even when the text did not retrieve them … */
  shortOutside: number
  /** … at most this many … */
  shortOutsideN: number
  /** … each cited at least this share of the most cited one's strength. */
  shortOutsideMin: number
  /** RRF weight of the behaviour-catalogue field, at full strength. */
  catRank: number
  /** Text coverage at which the everyday-wording channels (catalogue, anchors) start to weigh less; 0.25 later they weigh 0 (0: no taper). */
  catByCov: number
  /** Question length at which the catalogue weight has fallen to 0 (full weight up to 80 characters). */
  catLenEnd: number
  /** Raise of a violation article's fused score for a 定性 question; time-limit and procedure raises are half of it (see rag/query/intent.ts). */
  intent: number
  /** RRF weight of the anchor-text field (what documents say where they cite an article), at full strength. */
  anchors: number
  /** How many other provisions come between a text and its counterpart in another version (rag/rank/versions.ts spreadVersions; 0: right after it). */
  versionGap: number
  /** RRF weight of BM25 within the regulation whose topic the question is about ("问责" → 问责条例; catalog.json topics), when it names none. */
  topic: number
  /** A question about a non-party public servant (or an SOE manager): the parallel 政务处分法 (国企) article takes this times the score of the 条例 article whose behaviour it shares (see rag/rank/parallels.ts). */
  parallelLead: number
}

export const DEFAULT_TUNING: Tuning = {
  bigram: 0.35,
  expansion: 0.3,
  focus: 1.5,
  dense: 0.2,
  cited: 2.5,
  citedPassages: 20,
  citedLo: 0.25,
  citedHi: 0.55,
  shortCited: 0.2,
  rrfK: 20,
  passageCites: 1,
  passageCitesPool: 40,
  shortOutside: 0.4,
  shortOutsideN: 5,
  shortOutsideMin: 0.45,
  catRank: 5,
  catByCov: 0.45,
  catLenEnd: 150,
  intent: 0.2,
  anchors: 0.5,
  parallelLead: 1.02,
  topic: 0.5,
  versionGap: 2,
}

/** A question shorter than this is short: its citations only re-rank what its text found. */
export const SHORT_QUESTION = 50

export interface Signals {
  /** Characters of the cleaned question. */
  length: number
  /** How well the best article's own text covers the question (0..1, unknown words counting against it). */
  textCoverage: number
}

export type ArticleRanking = 'bm25' | 'focus' | 'named' | 'topic' | 'dense' | 'cited' | 'citedOutside' | 'anchors' | 'catalogue'

/**
 * RRF weights of the article rankings for one question.
 *
 * - Citations from documents weigh most when the articles' own text covers the question poorly
 *   (a case description) and least for a question quoting the rules; short questions match many
 *   documents loosely, so their citations count less (and only re-rank what BM25 retrieved).
 * - The everyday-wording channels (catalogue, anchors) speak when the rules' own words do not
 *   cover the question: a question that quotes the text (an exam item) is answered by the text.
 *   The catalogue also weighs less as the question gets long: long case analyses are served by
 *   the documents' citations.
 */
export function weightsOf(s: Signals, t: Tuning): Record<ArticleRanking, number> {
  const byCoverage = Math.min(1, Math.max(0, (t.citedHi - s.textCoverage) / (t.citedHi - t.citedLo)))
  const cited = t.cited * byCoverage * (s.length < SHORT_QUESTION ? t.shortCited : s.length >= 100 ? 1 : 0.5)
  const chatty = t.catByCov ? Math.min(1, Math.max(0, (t.catByCov - s.textCoverage) / 0.25)) : 1
  const byLength = Math.min(1, Math.max(0, (t.catLenEnd - s.length) / (t.catLenEnd - 80)))
  return {
    bm25: 1,
    focus: 1,
    named: 1,
    topic: t.topic,
    dense: t.dense,
    cited,
    citedOutside: t.shortOutside,
    anchors: t.anchors * chatty,
    catalogue: t.catRank * byLength * chatty,
  }
}
