import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BehaviourCatalogue } from '../../../rag/data/behaviours.js'
import { tempDir } from '../../helpers/kb.js'

const entry = (article: number, says: string) => ({ article, kind: 'violation', subject: '示例行为', says: [says] })

describe('behaviour catalogue files', () => {
  it('refuses an article written twice, in one file or across two files of one regulation, naming both places', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ regulation: 'shili', articles: [entry(3, '收受管理对象礼金'), entry(4, '借用管理对象车辆')] }))
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ regulation: 'shili', articles: [entry(3, '逢年过节收购物卡')] }))
    expect(() => BehaviourCatalogue.load(dir)).toThrow(/行为目录中有重复的条文：shili#3（a\.json articles\.0、b\.json articles\.0）/)
  })

  it('reports every issue of a file with its path, not only the first', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ regulation: 'shili', articles: [{ article: 0, kind: 'x', subject: '', says: [] }] }))
    const err = (() => {
      try {
        BehaviourCatalogue.load(dir)
      } catch (e) {
        return (e as Error).message
      }
      return ''
    })()
    expect(err).toMatch(/行为目录 bad\.json 格式错误（4 处）/)
    for (const path of ['articles.0.article', 'articles.0.kind', 'articles.0.subject', 'articles.0.says']) expect(err).toContain(`  ${path}：`)
  })
})
