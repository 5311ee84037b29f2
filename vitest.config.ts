import { fileURLToPath } from 'node:url'

import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    alias: { '@contract': fileURLToPath(new URL('./electron/contract/index.ts', import.meta.url)) }
  },
  test: {
    include: ['electron/**/*.test.ts', 'renderer/src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/setup/cluster-global.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: the test cluster's processes need one of them.
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    env: { L8_DATA_DIR: '/nonexistent-use-a-temp-dir-per-test' }
  }
})
