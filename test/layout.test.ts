/**
 * The layout rules a reader relies on: no module cycle at run time (type-only imports aside), and
 * the office domain (ledger, roster, quiz, experts) depends on the chat side only for its types.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from './helpers/kb.js'

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
}

/** Relative imports that load a module at run time (type-only imports and re-exports do not). */
export function runtimeImports(src: string): string[] {
  const out: string[] = []
  for (const m of src.matchAll(/(?:^|\n)\s*(import|export)\s+(type\s+)?([^'"]*?)\s*from\s+['"](\.[^'"]+)['"]/g)) {
    if (m[2]) continue
    const names = /^\{([^}]*)\}$/.exec((m[3] ?? '').trim())?.[1]
    if (names !== undefined && names.split(',').map((x) => x.trim()).filter(Boolean).every((x) => x.startsWith('type '))) continue
    out.push(m[4] as string)
  }
  for (const m of src.matchAll(/(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]/g)) out.push(m[1] as string)
  return out
}

const rel = (f: string) => relative(ROOT, f)
function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>()
  for (const f of [...tsFiles(join(ROOT, 'bot')), ...tsFiles(join(ROOT, 'rag')), ...tsFiles(join(ROOT, 'prompts'))]) {
    g.set(rel(f), runtimeImports(readFileSync(f, 'utf8')).map((s) => rel(resolve(dirname(f), s)).replace(/\.js$/, '.ts')))
  }
  return g
}

/** Strongly connected groups of more than one module (Tarjan). */
export function cycles(g: Map<string, string[]>): string[][] {
  let n = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const on = new Set<string>()
  const out: string[][] = []
  const visit = (v: string) => {
    index.set(v, n)
    low.set(v, n++)
    stack.push(v)
    on.add(v)
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number))
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number))
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = []
      let w: string
      do {
        w = stack.pop() as string
        on.delete(w)
        c.push(w)
      } while (w !== v)
      if (c.length > 1) out.push(c.sort())
    }
  }
  for (const v of g.keys()) if (!index.has(v)) visit(v)
  return out
}

describe('layout', () => {
  it('finds a cycle when there is one, and reads type-only imports as none', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']])
    expect(runtimeImports("import type { A } from './a.js'\nimport { type B, type C } from './b.js'\nimport { d, type E } from './d.js'\nexport { f } from './f.js'\nimport './g.js'")).toEqual(['./d.js', './f.js', './g.js'])
  })

  it('has no import cycle at run time', () => {
    const g = graph()
    expect(g.size).toBeGreaterThan(100)
    expect(cycles(g)).toEqual([])
  })

  it('keeps the office domain free of the chat side at run time', () => {
    const bad = [...graph()].flatMap(([f, deps]) => (f.startsWith('bot/office/') ? deps.filter((d) => d.startsWith('bot/chat/')).map((d) => `${f} → ${d}`) : []))
    expect(bad).toEqual([])
  })
})
