// Quality gate for .ci/run: runs `npm run eval` on every question set of .ci/gate.json and checks
// each figure against its floor ("min") or ceiling ("max"). Prints one line per check on stderr and
// "<passed> <failed>" on stdout. Plain Node, no dependencies.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'

const gate = JSON.parse(readFileSync('.ci/gate.json', 'utf8'))
mkdirSync('.ci/out', { recursive: true })
let passed = 0
let failed = 0
const get = (o, path) => path.split('/').reduce((v, k) => (v == null ? undefined : v[k]), o)

for (const set of gate.sets) {
  const args = ['run', '--silent', 'eval', '--', '--questions', set.questions, ...(set.builtinOnly ? [] : ['--corpus', '../shared/corpus']), '--quiet']
  let last = null
  if (!existsSync(set.questions)) {
    console.error(`FAIL ${set.name}: question set ${set.questions} not found`)
  } else {
    try {
      const out = execFileSync('npm', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 })
      writeFileSync(`.ci/out/eval-${set.name}.txt`, out)
      last = JSON.parse(out.trim().split('\n').pop())
    } catch (e) {
      console.error(`FAIL ${set.name}: npm run eval failed (${e.message.split('\n')[0]})`)
    }
  }
  const checks = [...Object.entries(set.min ?? {}).map(([k, v]) => [k, v, 'min']), ...Object.entries(set.max ?? {}).map(([k, v]) => [k, v, 'max'])]
  for (const [metric, bound, side] of checks) {
    const got = last ? get(last, metric) : undefined
    const ok = typeof got === 'number' && (side === 'min' ? got >= bound - 1e-9 : got <= bound + 1e-9)
    if (ok) passed++
    else failed++
    console.error(`${ok ? 'ok  ' : 'FAIL'} ${set.name} ${metric}: ${got} (${side === 'min' ? 'at least' : 'at most'} ${bound})`)
  }
}
console.log(passed, failed)
