import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import { describe, expect, it } from 'vitest'

import { NO_ENGINE_HOST } from '../fixtures/no-engine.ts'
import { BIN } from './cluster.ts'

const FIXTURES = path.join(import.meta.dirname, '../fixtures/kind')
const run = promisify(execFile)

/** Runs the real kind; a non-zero exit is data here. */
async function kind(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(path.join(BIN, 'kind'), args, {
      env: { PATH: process.env['PATH'] ?? '', HOME: os.tmpdir(), DOCKER_HOST: NO_ENGINE_HOST }
    })
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

/**
 * kind reports docker's combined stdout and stderr, whose order depends on which pipe the
 * scheduler drains first: compare the lines, not their order.
 */
const lines = (text: string): string[] =>
  text
    .replace('Command Output: ', '')
    .split('\n')
    .filter((l) => l !== '')
    .sort()

const fixture = (name: string): { code: number; stderr: string } =>
  JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as { code: number; stderr: string }

/**
 * The recorded fixtures the lifecycle tests replay must stay what the real kind prints with
 * the docker CLI but no engine. If kind changes, re-record with test/fixtures/kind/record.ts.
 */
describe('the real kind binary with no Docker engine', () => {
  it('fails "kind get clusters" exactly as recorded', async () => {
    const r = await kind(['get', 'clusters'])
    const f = fixture('get-clusters-no-engine')
    expect(r.code).toBe(f.code)
    expect(lines(r.stderr)).toEqual(lines(f.stderr))
    expect(r.stdout).toBe('')
  })

  it('fails "kind create cluster --config" exactly as recorded, about Docker', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'l8-kind-'))
    const config = path.join(dir, 'kind.yaml')
    writeFileSync(config, 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: layer8-dev-001\n')
    const r = await kind(['create', 'cluster', '--config', config])
    const f = fixture('create-cluster-no-engine')
    expect(r.code).toBe(f.code)
    expect(lines(r.stderr)).toEqual(lines(f.stderr))
    expect(r.stderr).toMatch(/docker/i)
  })
})
