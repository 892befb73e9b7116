import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/kb.js'

/** Every module specifier a file imports, statically, as a re-export or dynamically. */
function specifiers(src: string): string[] {
  const out: string[] = []
  for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)) out.push(m[1] as string)
  for (const m of src.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) out.push(m[1] as string)
  for (const m of src.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1] as string)
  return out
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
}

/** Imports of `from` files that resolve into `into` other than through `door`. */
function crossings(from: string, into: string, door?: string): string[] {
  const bad: string[] = []
  for (const f of tsFiles(join(ROOT, from))) {
    for (const s of specifiers(readFileSync(f, 'utf8'))) {
      if (!s.startsWith('.')) continue
      const target = relative(ROOT, resolve(dirname(f), s)).replace(/\.js$/, '.ts')
      if (target.startsWith(`${into}/`) && target !== door) bad.push(`${relative(ROOT, f)} → ${target}`)
    }
  }
  return bad
}

describe('rag/index.ts is the one door', () => {
  it('reads every kind of import', () => {
    expect(specifiers("import { a } from './x.js'\nexport { b } from \"../y.js\"\nimport type { C } from './z.js'\nconst m = await import('./w.js')\nimport './side.js'")).toEqual(['./x.js', '../y.js', './z.js', './side.js', './w.js'])
  })

  it('bot/ imports rag/ only through rag/index.ts', () => {
    expect(crossings('bot', 'rag', 'rag/index.ts')).toEqual([])
    // Not vacuous: the bot does go through the door.
    expect(tsFiles(join(ROOT, 'bot')).filter((f) => specifiers(readFileSync(f, 'utf8')).some((s) => s.endsWith('rag/index.js'))).length).toBeGreaterThan(10)
  })

  it('rag/ never imports bot/', () => {
    expect(crossings('rag', 'bot')).toEqual([])
  })
})
