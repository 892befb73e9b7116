import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli } from '../../helpers/cli.js'
import { tempDir } from '../../helpers/kb.js'

const rectify = (data: string, ...args: string[]) => cli('rectify', args, { JJZS_DATA_DIR: data })
const roster = (data: string, ...args: string[]) => cli('roster', args, { JJZS_DATA_DIR: data })

const ROSTER = '编号,姓名,单位,角色,微信账号\nA01,李书记,县纪委监委,"管理员,督办",wx-li\nW01,王科长,县财政局,,wx-wang\n'

describe('npm run roster', () => {
  it('imports all or nothing, lists, adds, issues codes and explains bad input', async () => {
    const data = tempDir()
    const dir = tempDir()
    writeFileSync(join(dir, 'bad.csv'), '编号,姓名,单位,角色\nA01,李书记,县纪委监委,老大\n')
    const bad = (await roster(data, 'import', join(dir, 'bad.csv')))
    expect(bad.status).toBe(1)
    expect(bad.stdout).toMatch(/第 2 行［角色］：无法识别的角色：老大/)
    writeFileSync(join(dir, 'r.csv'), ROSTER)
    expect((await roster(data, 'import', join(dir, 'r.csv'))).stdout).toMatch(/新增 2 人/)
    expect((await roster(data, 'add', '--key', 'Z01', '--name', '张老师', '--unit', '县教育局', '--chat', 'wechaty:wx-zhang')).stdout).toMatch(/已添加：Z01｜张老师/)
    expect((await roster(data, 'list')).stdout).toMatch(/A01｜李书记｜县纪委监委｜管理员、督办｜wechaty:wx-li/)
    expect((await roster(data, 'code', 'Z01')).stdout).toMatch(/绑定码：\d{8}/)
    expect((await roster(data, 'add', '--key', 'Q1', '--name', '钱', '--chat', 'qq:123')).stderr).toMatch(/账号应写成 通道:账号/)
    expect((await roster(data, 'remove', 'NOPE')).stderr).toMatch(/名册中没有人员编号“NOPE”/)
    expect((await roster(data)).status).toBe(2)
    // The database is readable by its owner only.
    expect(statSync(join(data, 'ledger.sqlite')).mode & 0o077).toBe(0)
  })
})

describe('npm run rectify', () => {
  it('imports all or nothing, lists, exports, round-trips and shows planned nudges', async () => {
    const data = tempDir()
    const dir = tempDir()
    writeFileSync(join(dir, 'r.csv'), ROSTER)
    await roster(data, 'import', join(dir, 'r.csv'))
    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, '编号,问题描述,来源,责任单位,责任人,督办人,整改期限\nXC-01,问题一,巡察,县财政局,王科长,李书记,2099-11-20\nXC-02,问题二,巡察,县财政局,王五,李书记,2099-12-01\n')
    const r1 = (await rectify(data, 'import', bad))
    expect(r1.status).toBe(1)
    expect(r1.stdout).toMatch(/未导入任何一行（共 1 处错误）：\n第 3 行［责任人］：名册中没有“王五”/)
    expect((await rectify(data, 'list')).stdout).toMatch(/没有符合条件的整改事项/)
    const good = join(dir, 'good.csv')
    writeFileSync(good, '编号,问题描述,来源,责任单位,责任人,督办人,整改期限\nXC-01,问题一,巡察,县财政局,王科长,李书记,2099-11-20\nXC-02,问题二,巡察,县财政局,王科长,李书记,2099-12-01\n')
    expect((await rectify(data, 'import', good)).stdout).toMatch(/已导入 2 项/)
    expect((await rectify(data, 'list', '--unit', '财政')).stdout).toMatch(/XC-01｜县财政局｜王科长｜期限 2099-11-20/)
    const out = join(dir, 'out.xlsx')
    expect((await rectify(data, 'export', out)).stdout).toMatch(/已导出 2 项.*第二个工作表为历史记录/)
    // Into an empty ledger and out again: the same file.
    const data2 = tempDir()
    await roster(data2, 'import', join(dir, 'r.csv'))
    expect((await rectify(data2, 'import', out)).stdout).toMatch(/已导入 2 项整改事项，历史记录 2 条/)
    const out2 = join(dir, 'out2.xlsx')
    await rectify(data2, 'export', out2)
    expect(readFileSync(out2).equals(readFileSync(out))).toBe(true)
    const csv = join(dir, 'out.csv')
    await rectify(data, 'export', csv)
    expect(existsSync(join(dir, 'out-历史.csv'))).toBe(true)
    const plan = (await rectify(data, 'nudges', '--at', '2099-11-20T09:30:00+08:00'))
    expect(plan.stdout).toMatch(/→ 王科长（W01）\n【整改提醒】今天是整改期限/)
    expect(plan.stdout).toMatch(/仅列出，未发送/)
    // Listing did not record anything: the same plan again.
    expect((await rectify(data, 'nudges', '--at', '2099-11-20T09:30:00+08:00')).stdout).toBe(plan.stdout)
    expect((await rectify(data, 'outbox')).stdout).toMatch(/^待发送 0，发送中 0，发送失败 0，已发送 0/)
  })

  it('backs up online and checks a database file', async () => {
    const data = tempDir()
    const dir = tempDir()
    writeFileSync(join(dir, 'r.csv'), ROSTER)
    await roster(data, 'import', join(dir, 'r.csv'))
    const b = join(dir, 'backup.sqlite')
    expect((await rectify(data, 'backup', b)).stdout).toMatch(/已备份到 .*（检查通过）/)
    expect((await rectify(data, 'backup', b)).stderr).toMatch(/文件已存在/)
    expect((await rectify(data, 'check', b)).stdout).toMatch(/检查通过/)
    writeFileSync(join(dir, 'junk.sqlite'), 'not a database at all, just text')
    const junk = (await rectify(data, 'check', join(dir, 'junk.sqlite')))
    expect(junk.status).not.toBe(0)
    expect(junk.stderr).toMatch(/错误|无法打开/)
  })

  it('explains bad arguments with exit 2', async () => {
    const data = tempDir()
    expect((await rectify(data)).stderr).toMatch(/请给出命令/)
    expect((await rectify(data, 'nudges', '--at', 'tomorrow')).stderr).toMatch(/无法识别时间/)
    expect((await rectify(data, 'nudges', '--at', '2026-02-30T09:30:00+08:00')).stderr).toMatch(/日期“2026-02-30”不存在/)
    expect((await rectify(data, 'import', '/no/such.xlsx')).stderr).toMatch(/无法读取文件/)
    expect((await rectify(data, 'frob')).status).toBe(2)
  })
})
