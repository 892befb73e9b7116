import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, tempDir } from '../helpers/kb.js'

function rectify(data: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bot/cli/rectify.ts'), ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, JJZS_DATA_DIR: data, LOG_LEVEL: 'silent' },
  })
}

describe('npm run rectify', () => {
  it('imports all or nothing, lists, exports and shows planned nudges', () => {
    const data = tempDir()
    const dir = tempDir()
    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, '编号,问题描述,来源,责任单位,责任人,督办人,整改期限\nXC-01,问题一,巡察,县财政局,王科长,李书记,2026-11-20\nXC-02,问题二,巡察,县财政局,王科长,李书记,2026-13-01\n')
    const r1 = rectify(data, 'import', bad)
    expect(r1.status).toBe(1)
    expect(r1.stdout).toMatch(/未导入任何一行（共 1 处错误）：\n第 3 行［整改期限］/)
    expect(rectify(data, 'list').stdout).toMatch(/没有符合条件的整改事项/)
    const good = join(dir, 'good.csv')
    writeFileSync(good, '编号,问题描述,来源,责任单位,责任人,督办人,整改期限\nXC-01,问题一,巡察,县财政局,王科长,李书记,2026-11-20\n')
    expect(rectify(data, 'import', good).stdout).toMatch(/已导入 1 项/)
    expect(rectify(data, 'list', '--unit', '财政').stdout).toMatch(/XC-01｜县财政局｜王科长｜期限 2026-11-20/)
    const out = join(dir, 'out.xlsx')
    expect(rectify(data, 'export', out).status).toBe(0)
    expect(existsSync(out)).toBe(true)
    const plan = rectify(data, 'nudges', '--at', '2026-11-20T09:30:00+08:00')
    expect(plan.stdout).toMatch(/→ 王科长\n【整改提醒】今天是整改期限/)
    expect(plan.stdout).toMatch(/仅列出，未发送/)
    // Listing did not record anything: the same plan again.
    expect(rectify(data, 'nudges', '--at', '2026-11-20T09:30:00+08:00').stdout).toBe(plan.stdout)
    expect(rectify(data, 'nudges', '--at', '2026-11-21T09:30:00+08:00').stdout).toMatch(/不在工作日的工作时间/)
  })

  it('explains bad arguments with exit 2', () => {
    const data = tempDir()
    expect(rectify(data).stderr).toMatch(/请给出命令/)
    expect(rectify(data, 'nudges', '--at', 'tomorrow').stderr).toMatch(/无法识别时间/)
    expect(rectify(data, 'import', '/no/such.xlsx').stderr).toMatch(/无法读取文件/)
    expect(rectify(data, 'frob').status).toBe(2)
  })
})
