/** npm run quiz, as a trainer runs it: template, import (all or nothing, then the check), list, export. */
import { openDatabase } from '../../../bot/office/db.js'
import { QuizStore } from '../../../bot/office/quiz/store.js'
import { cli } from '../../helpers/cli.js'
import { existsSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIXTURES, tempDir } from '../../helpers/kb.js'

const quiz = (data: string, ...args: string[]) => cli('quiz', args, { JJZS_DATA_DIR: data })

describe('npm run quiz', () => {
  it('writes a template, imports a bank with a report of its wrong rows, refuses a malformed one, and explains bad input', async () => {
    const data = tempDir()
    const dir = tempDir()
    const t = (await quiz(data, 'template', join(dir, 't.xlsx')))
    expect(t.stdout).toMatch(/已生成模板/)
    expect(existsSync(join(dir, 't.xlsx'))).toBe(true)
    const kb = join(FIXTURES, 'kb')
    writeFileSync(join(dir, 'bad.csv'), '题型,题干,答案,依据\n问答,谈谈看法,略,示例纪检工作规则第7条\n')
    const bad = (await quiz(data, 'import', join(dir, 'bad.csv'), '--name', '县纪委题库', '--corpus', kb))
    expect(bad.status).toBe(1)
    expect(bad.stdout).toMatch(/导入失败，未导入任何一行[\s\S]*第 2 行［题型］：无法识别的题型“问答”/)
    writeFileSync(join(dir, 'b.csv'), '编号,题型,题干,选项A,选项B,答案,依据\nk1,单选,审理意见多久内提出？,一个月,三个月,A,示例纪检工作规则第7条\nk2,单选,申诉期限多长？,一个月,三个月,C,示例纪检工作规则第8条\n')
    const ok = (await quiz(data, 'import', join(dir, 'b.csv'), '--name', '县纪委题库', '--corpus', kb))
    expect(ok.status).toBe(0)
    expect(ok.stdout).toMatch(/已导入题库“县纪委题库”：2 题[\s\S]*可出题 1[\s\S]*k2：答案 C 不在选项中/)
    expect((await quiz(data, 'banks')).stdout).toMatch(/县纪委题库：2 题/)
    expect((await quiz(data, 'import', join(dir, 'b.csv'), '--corpus', kb)).stderr).toMatch(/请用 --name 给题库起名/)
    expect((await quiz(data, 'import', join(dir, 'missing.csv'), '--name', 'x', '--corpus', kb)).stderr).toMatch(/无法读取文件/)
    expect((await quiz(data, 'list')).stdout).toMatch(/还没有测验/)
    expect((await quiz(data, 'report', '0', join(dir, 'r.xlsx'))).stderr).toMatch(/请给出测验编号（正整数）/)
    expect((await quiz(data, 'report', '9', join(dir, 'r.xlsx'))).stderr).toMatch(/没有编号为 9 的测验/)
    expect((await quiz(data, 'remove', '县纪委题库')).stdout).toMatch(/已删除题库“县纪委题库”（2 题）/)
    expect((await quiz(data, 'frobnicate')).stderr).toMatch(/未知命令 frobnicate/)
  }, 120_000)

  it('exports a report owner-only', async () => {
    const data = tempDir()
    const dir = tempDir()
    // A finished quiz made through the store, then exported by the CLI.
    const db = openDatabase(join(data, 'ledger.sqlite'))
    const s = new QuizStore(db)
    const q = s.create({ channel: 'wechaty', roomId: 'r@chatroom', roomTopic: '培训群', trainerKey: 'T01', title: '测验', seconds: 30, at: '2026-12-02T02:00:00Z', items: [{ id: 'q1', type: 'judge', topic: 't', stem: '判断这句话对不对', answer: '对', explanation: '', basis: 'x#1', cite: '《x》第一条' }] })
    s.open(q.id, 1, '2026-12-02T02:00:00Z', '2026-12-02T02:00:30Z')
    s.answer(q.id, { n: 1, personKey: 'P01', name: '甲', answer: '对', correct: true, ms: 4000, at: '2026-12-02T02:00:04Z' })
    s.close(q.id, 1, '2026-12-02T02:00:30Z')
    s.finish(q.id, '2026-12-02T02:00:30Z', '全部答完')
    db.close()
    const r = (await quiz(data, 'report', '1', join(dir, 'r.xlsx')))
    expect(r.stdout).toMatch(/已导出/)
    expect(statSync(join(dir, 'r.xlsx')).mode & 0o077).toBe(0)
    expect((await quiz(data, 'list')).stdout).toMatch(/1｜测验｜培训群｜2026-12-02 10:00:00｜已结束｜1 题/)
  }, 120_000)
})
