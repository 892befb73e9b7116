/** Salted hashes for ids that go into logs and stores (never names or ids in clear). */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export type Hasher = (s: string) => string

export function hasher(salt: string): Hasher {
  return (s) => createHash('sha256').update(salt).update('\u0000').update(s).digest('hex').slice(0, 12)
}

/** A per-installation salt kept in the data folder, created on first use. */
export function installationSalt(dataDir: string): string {
  const f = join(dataDir, '.salt')
  if (existsSync(f)) return readFileSync(f, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const salt = randomBytes(16).toString('hex')
  writeFileSync(f, salt, { mode: 0o600 })
  return salt
}
