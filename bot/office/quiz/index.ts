/**
 * Wiring of trainer sessions: the bank (built-in + imported + generated, rebuilt when a bank is
 * imported), the store and the runner, from the knowledge base and the office database.
 */
import { join } from 'node:path'
import { shortTitle } from '../../../rag/index.js'
import type { Library } from '../../../rag/index.js'
import type { Retriever } from '../../../rag/index.js'
import type { Room } from '../../chat/channels/types.js'
import type { Clock } from '../../clock.js'
import { REGULATIONS_DIR } from '../../config.js'
import type { Db } from '../db.js'
import type { ChannelName } from '../roster/model.js'
import { QuizBank, indexArticles, loadBuiltinItems } from './bank.js'
import { PracticeBook } from './practice.js'
import { toAsked } from './items.js'
import { QuizRunner } from './runner.js'
import { QuizStore } from './store.js'

export const BUILTIN_QUIZ_DIR = join(REGULATIONS_DIR, 'quiz')

export interface QuizParts {
  store: QuizStore
  bank: () => QuizBank
  titleOf: (basis: string) => string | undefined
  source: ReturnType<typeof indexArticles>
}

/** The bank over a knowledge base, cached until the imported banks change. */
export function quizParts(db: Db, index: Library, retriever: Pick<Retriever, 'describe'>, o: { generate?: boolean } = {}): QuizParts {
  const store = new QuizStore(db)
  const source = indexArticles(index)
  const builtin = loadBuiltinItems(BUILTIN_QUIZ_DIR)
  const statusOf = (basis: string) => {
    const d = retriever.describe(basis)
    return d && { status: d.status, cite: `《${shortTitle(d.title)}》${d.label}` }
  }
  let cached: { key: string; bank: QuizBank } | undefined
  const bank = () => {
    const key = JSON.stringify(store.banks())
    if (cached?.key !== key) cached = { key, bank: QuizBank.build({ builtin, imported: store.importedItems(), source, generate: o.generate ?? true, statusOf }) }
    return cached.bank
  }
  const titleOf = (basis: string) => {
    const d = retriever.describe(basis)
    return d ? shortTitle(d.title) : undefined
  }
  return { store, bank, titleOf, source }
}

export function practiceBook(db: Db, parts: QuizParts, o: { clock: Clock; random?: () => number }): PracticeBook {
  return new PracticeBook(db, { clock: o.clock, bank: parts.bank, asked: (it) => toAsked(it, parts.source, parts.titleOf), random: o.random })
}

export function quizRunner(parts: QuizParts, o: { clock: Clock; channel: ChannelName; send: (room: Room, text: string) => Promise<void>; random?: () => number; practice?: PracticeBook; announce?: (text: string) => void; onError?: (err: unknown) => void }): QuizRunner {
  return new QuizRunner({ store: parts.store, bank: parts.bank, source: parts.source, titleOf: parts.titleOf, clock: o.clock, channel: o.channel, send: o.send, random: o.random, practice: o.practice, announce: o.announce, onError: o.onError })
}
