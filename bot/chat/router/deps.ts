import type { ArticleAnswerer, Library, Retriever } from '../../../rag/index.js'
import type { Clock } from '../../clock.js'
import type { Calendar } from '../../office/rectification/calendar.js'
import type { Ledger } from '../../office/rectification/ledger.js'
import type { FeedbackStore } from '../../office/feedback.js'
import type { ChannelName } from '../../office/roster/model.js'
import type { Roster } from '../../office/roster/roster.js'
import type { Sessions } from './sessions.js'
import type { Format } from '../render.js'
import type { QuizRunner } from '../../office/quiz/runner.js'
import type { PracticeBook } from '../../office/quiz/practice.js'
import type { TrainingLog } from '../../office/quiz/training.js'
import type { ExpertDesk } from '../../office/experts/desk.js'

/** What the commands need; built in bot/app.ts. */
export interface RouterDeps {
  library: Library
  retriever: Retriever
  /** The extractive answerer, or the model answerer wrapping it when a chat model is configured. */
  answerer: ArticleAnswerer
  sessions: Sessions
  feedback: FeedbackStore
  clock: Clock
  calendar: Calendar
  /** The people the bot knows; identities are (channel, chat id). */
  roster: Roster
  /** How the channel shows text (Markdown for WeCom). */
  format?: Format
  /** Which chat system the channel is. */
  channelName: ChannelName
  /** Quizzes in rooms (absent in tests that do not need them). */
  quiz?: QuizRunner
  /** Q&A training sessions: the only time question text is stored. */
  training?: TrainingLog
  /** Wrong-answer books and practice rounds (private chat). */
  practice?: PracticeBook
  /** Short title of the regulation an article id belongs to (choosing items by regulation). */
  titleOf?: (basis: string) => string | undefined
  /** The expert queue and FAQ (absent in tests that do not need it). */
  experts?: ExpertDesk
  /** The rectification ledger (absent in tests that do not need it). */
  ledger?: Ledger
}
