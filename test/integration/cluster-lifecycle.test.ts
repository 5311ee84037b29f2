import { existsSync, readdirSync, readFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { AppsV1Api, KubeConfig } from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import type { TaskInfo } from '../../electron/contract/models.ts'
import { AppError } from '../../electron/core/app-error.ts'
import { writeStub } from '../fakes/stub-bin.ts'
import { startCluster, stopCluster } from '../cluster/cluster.ts'
import {
  dockerStub,
  freeBindings,
  freeRemaps,
  harness,
  kindStub,
  NODES_PS_STOPPED,
  transcript,
  type Harness
} from '../support/lifecycle.ts'

/**
 * The add-ons change cluster-wide objects (an APIService among them), so this suite gets a
 * control plane of its own rather than sharing the suites' one.
 */
let kubeconfig = ''
const stateDir = path.join(os.tmpdir(), `l8-lifecycle-cluster-${process.pid}`)
beforeAll(async () => {
  const external = process.env['L8_TEST_KUBECONFIG']
  if (external !== undefined && external !== '') {
    kubeconfig = external
    return
  }
  if (inject('clusterError') !== '') throw new Error(`No test cluster: ${inject('clusterError')}`)
  kubeconfig = (await startCluster(stateDir, { metrics: false })).kubeconfig
}, 120_000)
afterAll(async () => {
  await stopCluster(stateDir)
})

const progress = (fail = false): { lines: { stream: 'stderr'; text: string; delayMs: number }[] } => {
  const lines = fail ? transcript.lines.slice(0, transcript.lines.indexOf(transcript.failAfter) + 1) : transcript.lines
  return { lines: lines.map((text) => ({ stream: 'stderr' as const, text, delayMs: 20 })) }
}

async function settled(h: Harness, taskId: string): Promise<TaskInfo & { log: string[] }> {
  await h.tasks.settled(taskId)
  return h.tasks.get(taskId)
}

describe('create', () => {
  it('creates the cluster, installs ingress and metrics-server on the API and waits for them', async () => {
    const h = harness(
      kindStub({ ...progress(), copy: { flag: '--kubeconfig', source: kubeconfig }, set: { cluster: 'exists' } }),
      dockerStub()
    )
    const remaps = await freeRemaps()
    const { taskId } = await h.service.create({ remaps })
    const task = await settled(h, taskId)
    expect(task.error).toBeUndefined()
    expect(task.state).toBe('succeeded')
    const steps = Object.fromEntries(task.steps.map((s) => [s.id, s]))
    for (const id of [
      'node-image',
      'nodes',
      'control-plane',
      'workers',
      'mirror',
      'api',
      'nodes-ready',
      'ingress',
      'metrics-server',
      'images'
    ]) {
      expect(steps[id]?.state, id).toBe('done')
      expect(steps[id]?.durationMs, id).toBeGreaterThanOrEqual(0)
    }
    expect(task.log).toContain(' ✓ Joining worker nodes 🚜')
    expect(task.log.some((l) => l.startsWith('applied Deployment ingress-nginx/ingress-nginx-controller'))).toBe(true)

    // kind got the generated config with the remapped host ports.
    const create = h.kindCalls().find((c) => c[0] === 'create') ?? []
    expect(create).toEqual(
      expect.arrayContaining([
        '--name',
        'layer8-dev-001',
        '--kubeconfig',
        path.join(h.dataDir, 'kubeconfig', 'layer8-dev-001.yaml')
      ])
    )
    const config = readFileSync(create[create.indexOf('--config') + 1] ?? '', 'utf8')
    expect(config).toContain(`hostPort: ${remaps.find((r) => r.from === 5432)?.to}`)
    expect(config).toContain('containerPort: 30432')
    // Every node was pointed at the registry mirror.
    expect(h.dockerCalls().filter((c) => c[0] === 'exec' && c[1] === '-i')).toHaveLength(3)
    // And every node pulled every stack image, through that mirror.
    const pulls = h.dockerCalls().filter((c) => c[2] === 'crictl')
    expect(pulls).toHaveLength(3 * 8)
    expect(new Set(pulls.map((c) => c[4]))).toContain('docker.io/library/postgres:13')
    expect(task.log).toContain('pre-pull: 24 pulled, 0 failed')

    const kc = new KubeConfig()
    kc.loadFromFile(kubeconfig)
    const apps = kc.makeApiClient(AppsV1Api)
    const ingress = await apps.readNamespacedDeployment({
      name: 'ingress-nginx-controller',
      namespace: 'ingress-nginx'
    })
    expect(ingress.spec?.template.spec?.nodeSelector?.['ingress-ready']).toBe('true')
    const ms = await apps.readNamespacedDeployment({ name: 'metrics-server', namespace: 'kube-system' })
    expect(ms.spec?.template.spec?.containers[0]?.args).toContain('--kubelet-insecure-tls')
    expect(ms.status?.availableReplicas).toBe(1)

    const status = await h.service.status()
    expect(status).toMatchObject({ exists: true, running: true, apiReachable: true })
    // The port table shows what Docker says the node maps, which wins over the settings.
    expect(status.ports.find((p) => p.containerPort === 30432)?.hostPort).toBe(25432)
    expect(status.ports.find((p) => p.containerPort === 30001)?.hostPort).toBe(remaps.find((r) => r.from === 5001)?.to)
  }, 120_000)

  it('keeps the full log and offers delete-and-retry when create fails midway', async () => {
    const h = harness(kindStub({ ...progress(true), stderr: transcript.failure, code: 1 }), dockerStub())
    const { taskId } = await h.service.create({ remaps: await freeRemaps() })
    const task = await settled(h, taskId)
    expect(task.state).toBe('failed')
    expect(task.error?.code).toBe('COMMAND_FAILED')
    expect(task.error?.message).toContain('failed to init node with kubeadm')
    expect(task.offers).toEqual(['deleteAndRetry'])
    expect(task.steps.find((s) => s.id === 'control-plane')?.state).toBe('failed')
    expect(task.steps.find((s) => s.id === 'nodes')?.state).toBe('done')
    const logs = readdirSync(path.join(h.dataDir, 'logs'))
    expect(logs).toHaveLength(1)
    const kept = readFileSync(path.join(h.dataDir, 'logs', logs[0] ?? ''), 'utf8')
    expect(kept).toContain('Starting control-plane')
    expect(kept).toContain('ERROR: failed to create cluster')
  })

  it('cleans up what it made when cancelled', async () => {
    const h = harness(kindStub({ ...progress(true), hangMs: 30_000, set: { cluster: 'exists' } }), dockerStub())
    const { taskId } = await h.service.create({ remaps: await freeRemaps() })
    await expect
      .poll(() => h.tasks.get(taskId).steps.find((s) => s.id === 'control-plane')?.state, { timeout: 10_000 })
      .toBe('running')
    expect(h.tasks.cancel(taskId)).toBe(true)
    const task = await settled(h, taskId)
    expect(task.state).toBe('cancelled')
    expect(h.kindCalls().some((c) => c[0] === 'delete' && c.includes('layer8-dev-001'))).toBe(true)
    expect(existsSync(path.join(h.dataDir, 'kubeconfig', 'layer8-dev-001.yaml'))).toBe(false)
  })

  it('refuses to start when a host port is taken, naming the port and its holder', async () => {
    const h = harness(kindStub({}), dockerStub())
    const remaps = await freeRemaps()
    const taken = remaps.find((r) => r.from === 5432)?.to ?? 0
    const blocker = net.createServer()
    await new Promise<void>((r) => blocker.listen(taken, '127.0.0.1', () => r()))
    try {
      const err = await h.service.create({ remaps }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(AppError)
      expect((err as AppError).code).toBe('PORT_IN_USE')
      expect((err as AppError).message).toContain(`Host port ${taken} (PostgreSQL) is in use by`)
      expect((err as AppError).hint).toContain('--port 5432=15432')
      expect(h.kindCalls().some((c) => c[0] === 'create')).toBe(false)
      expect(h.tasks.list()).toHaveLength(0)
    } finally {
      blocker.close()
    }
  })

  it('adopts an existing, stopped cluster of the same name: starts it instead of failing', async () => {
    const h = harness(kindStub({}), dockerStub(NODES_PS_STOPPED, await freeBindings()), { cluster: 'exists' })
    // `kind get kubeconfig` answers with the cluster's kubeconfig.
    writeStub(h.bin, 'kind', [
      { args: ['get', 'clusters'], stdout: 'layer8-dev-001\n' },
      { args: ['get', 'kubeconfig'], stdout: readFileSync(kubeconfig, 'utf8') }
    ])
    const { taskId } = await h.service.create({})
    const task = await settled(h, taskId)
    expect(task.error).toBeUndefined()
    expect(task.title).toBe('Adopt cluster layer8-dev-001')
    expect(task.steps.find((s) => s.id === 'adopt')?.state).toBe('done')
    expect(h.kindCalls().some((c) => c[0] === 'create')).toBe(false)
    expect(h.dockerCalls().find((c) => c[0] === 'start')).toEqual([
      'start',
      'layer8-dev-001-control-plane',
      'layer8-dev-001-worker',
      'layer8-dev-001-worker2'
    ])
  }, 60_000)

  it('says what to install when kind or docker is missing', async () => {
    const h = harness(kindStub({}), dockerStub())
    const { rmSync } = await import('node:fs')
    rmSync(path.join(h.bin, 'kind'))
    const err = await h.service.create({}).catch((e: unknown) => e)
    expect((err as AppError).code).toBe('KIND_NOT_FOUND')
    expect((err as AppError).hint).toContain('v0.33.0')
    const status = await h.service.status()
    expect(status.problem?.code).toBe('KIND_NOT_FOUND')
  })

  it('refuses bad input before anything is created', async () => {
    const h = harness(kindStub({}), dockerStub())
    for (const params of [
      { name: 'Bad_Name' },
      { workers: -1 },
      { remaps: [{ from: 5432, to: 99999 }] },
      { remaps: [{ from: 5432, to: 6191 }] }
    ]) {
      const err = await h.service.create(params).catch((e: unknown) => e)
      expect((err as AppError).code).toBe('INVALID_CONFIG')
    }
    expect(h.kindCalls()).toHaveLength(0)
    expect(existsSync(path.join(h.dataDir, 'settings.json'))).toBe(false)
  })

  it('says Docker is not running when kind cannot reach it (recorded kind output)', async () => {
    const recorded = JSON.parse(
      readFileSync(path.join(import.meta.dirname, '../fixtures/kind/get-clusters-no-engine.json'), 'utf8')
    ) as { code: number; stderr: string }
    const h = harness([{ args: ['get', 'clusters'], stderr: recorded.stderr, code: recorded.code }], dockerStub())
    const err = await h.service.create({}).catch((e: unknown) => e)
    expect((err as AppError).code).toBe('DOCKER_UNAVAILABLE')
    expect((err as AppError).hint).toContain('Start Docker Desktop')
  })
})

describe('stop and start', () => {
  it('stops the node containers, and starts them control plane first, then waits for Ready', async () => {
    const h = harness(kindStub({}), dockerStub(NODES_PS_STOPPED, await freeBindings()), { cluster: 'exists' })
    const { mkdirSync, copyFileSync } = await import('node:fs')
    mkdirSync(path.join(h.dataDir, 'kubeconfig'), { recursive: true })
    copyFileSync(kubeconfig, path.join(h.dataDir, 'kubeconfig', 'layer8-dev-001.yaml'))
    const stop = await settled(h, (await h.service.stop()).taskId)
    expect(stop.state).toBe('succeeded')
    expect(h.dockerCalls().find((c) => c[0] === 'stop')).toEqual([
      'stop',
      'layer8-dev-001-control-plane',
      'layer8-dev-001-worker',
      'layer8-dev-001-worker2'
    ])
    const start = await settled(h, (await h.service.start()).taskId)
    expect(start.error).toBeUndefined()
    expect(h.dockerCalls().find((c) => c[0] === 'start')?.[1]).toBe('layer8-dev-001-control-plane')
    expect(start.steps.map((s) => [s.id, s.state])).toEqual([
      ['containers', 'done'],
      ['api', 'done'],
      ['nodes-ready', 'done']
    ])
  }, 60_000)
})
