import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { ClusterStatus } from '../../electron/contract/models.ts'
import { type AppError } from '../../electron/core/app-error.ts'
import { createCore, type Core } from '../../electron/core/create-core.ts'
import { useCluster, type TestCluster } from '../support/cluster.ts'

let c: TestCluster
let core: Core
let dataDir: string
beforeAll(async () => {
  c = await useCluster('target')
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'l8-target-'))
  core = createCore({ face: 'cli', dataDir })
})
afterAll(async () => {
  await core?.dispose()
  await c?.cleanup()
})

describe('any cluster from a kubeconfig as the target', () => {
  it('lists the contexts of a kubeconfig', async () => {
    const contexts = await core.cluster.contexts(c.kubeconfigPath)
    expect(contexts).toHaveLength(1)
    expect(contexts[0]?.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(contexts[0]?.isKind).toBe(false)
  })

  it('reads status through the API and disables kind-only actions, saying why', async () => {
    const context = (await core.cluster.contexts(c.kubeconfigPath))[0]?.name ?? ''
    const status = await core.cluster.setTarget({ kind: 'kubeconfig', path: c.kubeconfigPath, context })
    expect(status).toMatchObject({ provider: 'kubeconfig', exists: true, apiReachable: true, context })
    expect(status.nodes.map((n) => n.name).sort()).toEqual(['l8-control-plane', 'l8-worker', 'l8-worker2'])
    expect(status.nodes.find((n) => n.name === 'l8-control-plane')?.role).toBe('control-plane')
    expect(status.kindActionsDisabledReason).toContain('kind')
    for (const action of [
      () => core.cluster.stop(),
      () => core.cluster.start(),
      () => core.cluster.remove(),
      () => core.cluster.create({})
    ]) {
      const err = await action().catch((e: unknown) => e)
      expect((err as AppError).code).toBe('NOT_SUPPORTED')
      expect((err as AppError).hint).toContain(context)
    }
    // The live status topic reads the same target, and stops reading when its subscriber leaves.
    const seen: ClusterStatus[] = []
    const sub = core.dispatcher.subscribe(
      'clusterStatus',
      {},
      { event: (e) => seen.push(e as ClusterStatus), end: () => undefined }
    )
    if (!sub.ok) throw new Error(sub.error.message)
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(1)
    expect(seen[0]).toMatchObject({ provider: 'kubeconfig', apiReachable: true })
    expect(core.dispatcher.activeTopics).toBe(1)
    sub.value.dispose()
    expect(core.dispatcher.activeTopics).toBe(0)
    const saved = JSON.parse(readFileSync(path.join(dataDir, 'settings.json'), 'utf8')) as { target: { kind: string } }
    expect(saved.target.kind).toBe('kubeconfig')
    await core.cluster.setTarget({ kind: 'kind' })
  })

  it('refuses unreadable or malformed kubeconfigs and unknown contexts, changing nothing', async () => {
    const before = readFileSync(path.join(dataDir, 'settings.json'), 'utf8')
    const broken = path.join(dataDir, 'broken.yaml')
    writeFileSync(broken, 'apiVersion: v1\nclusters: [ {name: x, cluster: {server: 1}\n')
    const cases: [string, string | undefined][] = [
      [path.join(dataDir, 'missing.yaml'), 'x'],
      [broken, 'x'],
      [c.kubeconfigPath, 'no-such-context']
    ]
    for (const [file, context] of cases) {
      const err = await core.cluster
        .setTarget({ kind: 'kubeconfig', path: file, context: context ?? '' })
        .catch((e: unknown) => e)
      expect((err as AppError).code, file).toBe('KUBECONFIG_INVALID')
      expect((err as AppError).hint, file).toBeTruthy()
    }
    expect(readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).toBe(before)
  })
})
