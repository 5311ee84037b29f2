import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { applyRemaps, buildKindConfig, kindConfigYaml } from '../../electron/core/kind/kind-config.ts'
import { BIN } from '../cluster/cluster.ts'
import { NO_ENGINE_HOST } from '../fixtures/no-engine.ts'

/** Runs the real kind on a config; with no engine to reach it gets as far as asking Docker. */
function kindCreate(configYaml: string): Promise<{ code: number; stderr: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'l8-kindcfg-'))
  const file = path.join(dir, 'kind.yaml')
  writeFileSync(file, configYaml)
  return new Promise((resolve) => {
    execFile(
      path.join(BIN, 'kind'),
      ['create', 'cluster', '--config', file],
      // Never an engine, even where one runs: this must not create clusters.
      { env: { PATH: process.env['PATH'] ?? '', HOME: dir, DOCKER_HOST: NO_ENGINE_HOST } },
      (err, _out, stderr) => {
        resolve({ code: err === null ? 0 : ((err as { code?: number }).code ?? 1), stderr })
      }
    )
  })
}

const variants = {
  default: buildKindConfig({
    name: 'layer8-dev-001',
    workers: 2,
    ports: applyRemaps([]),
    listenAddress: '127.0.0.1',
    registryConfigPath: true
  }),
  remapped: buildKindConfig({
    name: 'layer8-dev-001',
    workers: 2,
    ports: applyRemaps([
      { from: 5432, to: 15432 },
      { from: 80, to: 8080 }
    ]),
    listenAddress: '127.0.0.1',
    registryConfigPath: true
  }),
  'listen on all interfaces': buildKindConfig({
    name: 'layer8-dev-001',
    workers: 2,
    ports: applyRemaps([]),
    listenAddress: '0.0.0.0',
    registryConfigPath: true
  }),
  'single node, no mirror': buildKindConfig({
    name: 'solo',
    workers: 0,
    ports: applyRemaps([]),
    listenAddress: '127.0.0.1',
    registryConfigPath: false
  }),
  'five workers': buildKindConfig({
    name: 'big-one',
    workers: 5,
    ports: applyRemaps([]),
    listenAddress: '127.0.0.1',
    registryConfigPath: true
  })
}

describe('the real kind binary reads every generated config', () => {
  it('fails on a config it cannot decode (so the checks below can fail)', async () => {
    const r = await kindCreate(kindConfigYaml(variants.default).replace('extraPortMappings', 'extraPortMapings'))
    expect(r.stderr).toContain('unable to decode config')
  })

  for (const [name, config] of Object.entries(variants)) {
    it(`gets past the config to Docker: ${name}`, async () => {
      const r = await kindCreate(kindConfigYaml(config))
      expect(r.code).toBe(1)
      expect(r.stderr).not.toMatch(/decode|invalid|unknown field|not found in type/i)
      expect(r.stderr).toMatch(/docker/i)
    })
  }
})
