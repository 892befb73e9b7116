/**
 * Child process for the SIGKILL smoke test: plays the reminder scenario over a ledger file and
 * "delivers" each message by appending a line to a file (synchronously, like a message that has
 * left the machine), with a short pause between deliveries to widen the window for a kill.
 * Usage: node --import tsx nudge-worker.ts <dir> <deliveries.log>
 */
import { appendFileSync } from 'node:fs'
import { openRun } from './nudge-scenario.js'

const [dir, log] = process.argv.slice(2) as [string, string]
const run = openRun(dir)
await run.play(async (line) => {
  appendFileSync(log, `${line}\n`)
  await new Promise((r) => setTimeout(r, 3))
})
appendFileSync(log, 'DONE\n')
run.close()
