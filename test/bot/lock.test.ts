import { spawn } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LOCK_FILE, acquireLock } from '../../bot/lock.js'
import { tempDir } from '../helpers/kb.js'

describe('single-instance lock on the data folder', () => {
  it('refuses a second bot on the same folder, in Chinese, and frees the folder on release', () => {
    const dir = tempDir()
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'])
    try {
      const release = acquireLock(dir, child.pid)
      expect(() => acquireLock(dir)).toThrow(new RegExp(`另一个助手进程（pid ${child.pid}）正在使用数据目录`))
      release()
    } finally {
      child.kill()
    }
  })

  it('takes over a lock whose process is gone (after a crash)', () => {
    const dir = tempDir()
    writeFileSync(join(dir, LOCK_FILE), '999999999')
    const release = acquireLock(dir)
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true)
    release()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
  })
})
