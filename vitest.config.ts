import { fileURLToPath } from 'node:url'

import { defineConfig } from 'vitest/config'

/**
 * Suites that run kind clusters on the Docker engine. They run after the others, one at a
 * time, so their control planes do not compete for the two cores with the shared test
 * cluster's timed checks.
 */
const DOCKER_SUITES = ['test/integration/kind-docker.test.ts', 'test/e2e/cluster-real.test.ts']

export default defineConfig({
  resolve: {
    alias: { '@contract': fileURLToPath(new URL('./electron/contract/index.ts', import.meta.url)) }
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: the test cluster's processes need one of them.
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    env: { L8_DATA_DIR: '/nonexistent-use-a-temp-dir-per-test' },
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          include: ['electron/**/*.test.ts', 'renderer/src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: DOCKER_SUITES,
          globalSetup: ['test/setup/cluster-global.ts'],
          sequence: { groupOrder: 0 }
        }
      },
      {
        extends: true,
        test: {
          name: 'docker',
          include: DOCKER_SUITES,
          fileParallelism: false,
          sequence: { groupOrder: 1 }
        }
      }
    ]
  }
})
