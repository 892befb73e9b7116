/**
 * One bot process per data folder: two processes on the same ledger would send every reminder
 * twice and fight over one WeCom connection. The lock is a file holding the owner's pid, created
 * exclusively; a lock whose process is gone (a crash, a kill -9) is taken over.
 *
 * @example const release = acquireLock(config.dataDir); … release()
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { UserError } from './errors.js'

export const LOCK_FILE = 'bot.lock'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function acquireLock(dir: string, pid = process.pid): () => void {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, LOCK_FILE)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600)
      writeSync(fd, String(pid))
      closeSync(fd)
      return () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(pid)) rmSync(file, { force: true })
        } catch {
          // already gone
        }
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const owner = Number(readFileSync(file, 'utf8').trim())
      if (Number.isInteger(owner) && owner > 0 && owner !== pid && alive(owner)) {
        throw new UserError(`另一个助手进程（pid ${owner}）正在使用数据目录 ${dir}。同一数据目录只能运行一个机器人，否则提醒会重复发送；请先停止那个进程，或用 JJZS_DATA_DIR 指定另一个目录。`)
      }
      // A stale lock (its process is gone): taken over.
      rmSync(file, { force: true })
    }
  }
  throw new UserError(`无法锁定数据目录 ${dir}，请检查权限。`)
}
