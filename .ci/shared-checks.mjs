// CI step "data checks against ../shared": reads the vitest JSON report and prints, for the test files
// that check the project's data against the shared texts, how many of their tests ran and which were
// skipped (they skip when ../shared is absent), so that a green run without ../shared says so.
// Prints "<ran> <skipped>" on stdout. Plain Node, no dependencies.
import { existsSync, readFileSync } from 'node:fs'

const FILES = ['test/rag/rank/parallels.test.ts', 'test/rag/answer/misfires.test.ts', 'test/bot/office/quiz/builtin.test.ts', 'test/regulations/handbook.test.ts', 'test/regulations/catalogue.test.ts']
let ran = 0
let skipped = 0
const report = existsSync('.ci/out/vitest.json') ? JSON.parse(readFileSync('.ci/out/vitest.json', 'utf8')) : { testResults: [] }
for (const file of FILES) {
  const r = report.testResults.find((t) => t.name.endsWith(file))
  if (!r) {
    console.error(`  ${file}: not in the test report`)
    continue
  }
  const skip = r.assertionResults.filter((a) => a.status === 'skipped' || a.status === 'pending')
  const done = r.assertionResults.length - skip.length
  ran += done
  skipped += skip.length
  console.error(`  ${file}: ${done} ran${skip.length ? `, ${skip.length} SKIPPED (${skip.map((a) => a.title).join('; ').slice(0, 200)})` : ''}`)
}
if (!existsSync('../shared/corpus')) console.error('  ../shared not found: the checks above that need the shared texts did not run')
console.log(ran, skipped)
