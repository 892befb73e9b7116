import { defineConfig } from 'vitest/config'

// In CI a JSON report is written as well, so that .ci/run can print the plain "N passed, N failed" line.
const ci = process.env.CI === 'true' || process.env.CI === '1'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ci ? ['default', ['json', { outputFile: '.ci/out/vitest.json' }]] : ['default'],
  },
})
