import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'

import type { PortRemap } from '../../electron/contract/commands.ts'
import type { TaskInfo } from '../../electron/contract/models.ts'
import { createClusterService, type ClusterService } from '../../electron/core/cluster/cluster-service.ts'
import { defaultDoctorContext, runDoctor } from '../../electron/core/doctor/doctor.ts'
import { runProcess } from '../../electron/core/process/run.ts'
import { DESIGN_PORTS } from '../../electron/core/stack/design.ts'
import { TaskRegistry } from '../../electron/core/tasks/task-registry.ts'
import { NO_ENGINE_HOST } from '../fixtures/no-engine.ts'
import { freeRemaps, MANIFESTS } from '../support/lifecycle.ts'
import { deleteKindCluster, docker, l8dev, nodeContainers, realKindSetup } from '../support/real-kind.ts'

/**
 * The lifecycle against a real Docker engine and the real kind binary: nothing here is
 * replayed. The node image is built on this machine (test/kind-node), since kindest/node
 * cannot be pulled here; everything kind and Docker do around it is real. The cluster has
 * its own name, so a developer's layer8-dev-001 is never touched.
 */
const NAME = 'l8-e2e'
const nodes = (): string[] => nodeContainers(NAME)

let image = ''
let remaps: PortRemap[] = []
let service: ClusterService
let tasks: TaskRegistry
let dataDir = ''
let bin = ''
let cgroupV1 = false
const timings: string[] = []

beforeAll(async () => {
  ;({ image, bin } = await realKindSetup(NAME, (l) => console.log(`[kind-docker] ${l}`)))
  cgroupV1 = docker('info', '--format', '{{.CgroupVersion}}').trim() === '1'
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'l8-kind-data-'))
  tasks = new TaskRegistry()
  service = createClusterService({
    run: runProcess,
    host: { platform: 'linux', env: { PATH: `${bin}:${process.env['PATH'] ?? ''}` }, homedir: dataDir },
    dataDir,
    tasks,
    manifestsDir: MANIFESTS,
    timeouts: { api: 60_000, addon: 120_000, nodes: 60_000 }
  })
  remaps = await freeRemaps()
}, 120_000)

afterAll(() => {
  deleteKindCluster(NAME)
  if (timings.length > 0) console.log(`[kind-docker] measured with the locally built node image: ${timings.join('; ')}`)
})

async function run(start: Promise<{ taskId: string }>): Promise<TaskInfo & { log: string[] }> {
  const { taskId } = await start
  await tasks.settled(taskId)
  return tasks.get(taskId)
}

function kubeconfig(): KubeConfig {
  const kc = new KubeConfig()
  kc.loadFromFile(path.join(dataDir, 'kubeconfig', `${NAME}.yaml`))
  return kc
}

describe('kind and Docker for real', () => {
  it('doctor reads the running engine', async () => {
    const report = await runDoctor({
      ...defaultDoctorContext(runProcess),
      host: { platform: 'linux', env: { PATH: `${bin}:${process.env['PATH'] ?? ''}` }, homedir: dataDir }
    })
    const find = (id: string) => report.findings.find((f) => f.id === id)
    const server = docker('version', '--format', '{{.Server.Version}}').trim()
    expect(find('docker.cgroups')?.status).toBe(cgroupV1 ? 'warn' : undefined)
    expect(find('docker.engine')).toMatchObject({ status: 'ok', summary: expect.stringContaining(server) as unknown })
    // A Linux engine runs on this kernel, so it sees this machine's CPUs and memory.
    expect(find('docker.cpus')?.summary.startsWith(`${os.cpus().length} CPUs`)).toBe(true)
    const gib = Number(/([\d.]+) GiB/.exec(find('docker.memory')?.summary ?? '')?.[1])
    expect(Math.abs(gib - os.totalmem() / 2 ** 30)).toBeLessThan(0.1)
    expect(find('kind')).toMatchObject({ status: 'ok', summary: expect.stringContaining('kind 0.33.0') as unknown })
  })

  it('with the engine unreachable, create says so with the next step and makes nothing', async () => {
    const saved = process.env['DOCKER_HOST']
    process.env['DOCKER_HOST'] = NO_ENGINE_HOST
    try {
      await expect(service.create({ name: NAME, remaps, nodeImage: image })).rejects.toMatchObject({
        code: 'DOCKER_UNAVAILABLE',
        hint: expect.stringContaining('Start Docker') as unknown
      })
    } finally {
      if (saved === undefined) delete process.env['DOCKER_HOST']
      else process.env['DOCKER_HOST'] = saved
    }
    expect(nodes()).toEqual([])
    expect(existsSync(path.join(dataDir, 'kind', `${NAME}.yaml`))).toBe(false)
  })

  it('refuses a host port a running process holds, before anything exists', async () => {
    const held = remaps.find((r) => r.from === 5432)?.to ?? 0
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(held, '127.0.0.1', resolve))
    try {
      await expect(service.create({ name: NAME, remaps, nodeImage: image })).rejects.toMatchObject({
        code: 'PORT_IN_USE',
        message: expect.stringContaining(String(held)) as unknown
      })
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
    expect(nodes()).toEqual([])
  })

  it('a create that fails keeps its full log, offers delete-and-retry and leaves no nodes', async () => {
    const missing = `${image.split(':')[0] ?? ''}:not-built`
    const task = await run(service.create({ name: NAME, remaps, nodeImage: missing }))
    expect(task.state).toBe('failed')
    expect(task.error?.code).toBe('COMMAND_FAILED')
    expect(task.error?.message).toContain('ERROR: failed to create cluster')
    expect(task.steps.find((s) => s.id === 'node-image')?.state).toBe('failed')
    expect(task.offers).toEqual(['deleteAndRetry'])
    const logs = readdirSync(path.join(dataDir, 'logs'))
    expect(logs).toHaveLength(1)
    const kept = readFileSync(path.join(dataDir, 'logs', logs[0] ?? ''), 'utf8')
    expect(kept).toContain(`Ensuring node image (${missing})`)
    expect(kept).toContain('ERROR: failed to create cluster')
    expect(nodes()).toEqual([])
  }, 120_000)

  it('cancelling a create removes what kind had made', async () => {
    const { taskId } = await service.create({ name: NAME, remaps, nodeImage: image })
    // Cancel once the node containers exist, in the middle of kind's work.
    const deadline = Date.now() + 60_000
    while (nodes().length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    expect(nodes()).toHaveLength(3)
    tasks.cancel(taskId)
    const task = await tasks.settled(taskId)
    expect(task.state).toBe('cancelled')
    expect(nodes()).toEqual([])
    expect(existsSync(path.join(dataDir, 'kubeconfig', `${NAME}.yaml`))).toBe(false)
  }, 120_000)

  it('creates the cluster: kind config, kubeadm patch, port bindings, add-ons Ready', async () => {
    const started = Date.now()
    const task = await run(service.create({ name: NAME, workers: 2, remaps, nodeImage: image }))
    if (process.env['L8_DEBUG_LOG']) console.log(task.log.join('\n'))
    timings.push(`first create ${((Date.now() - started) / 1000).toFixed(1)} s`)
    expect(task.error).toBeUndefined()
    expect(task.state).toBe('succeeded')
    // Steps come from kind's own progress lines.
    const state = Object.fromEntries(task.steps.map((s) => [s.id, s.state]))
    for (const s of task.steps) expect(s.durationMs, s.id).toBeGreaterThanOrEqual(0)
    for (const id of [
      'node-image',
      'nodes',
      'control-plane',
      'workers',
      'api',
      'nodes-ready',
      'ingress',
      'metrics-server'
    ])
      expect(state[id], id).toBe('done')
    // The test node image has no crictl, so no image can be pre-pulled: said, not fatal.
    expect(state['images']).toBe('warning')
    expect(task.log).toContain('pre-pull: 0 pulled, 24 failed')
    // Without registry access the mirror cannot start; with it, it does.
    expect(['done', 'warning']).toContain(state['mirror'])
    expect(task.steps.map((s) => s.id)).toEqual(
      expect.arrayContaining(['node-image', 'nodes', 'control-plane', 'workers', 'ingress', 'metrics-server'])
    )

    // kind merged the label patch into kubeadm v1beta4's list and kept its own arguments.
    const docs = parseAllDocuments(docker('exec', `${NAME}-control-plane`, 'cat', '/kind/kubeadm.conf')).map(
      (d) =>
        d.toJS() as {
          kind: string
          nodeRegistration?: { kubeletExtraArgs: { name: string; value: string }[] }
          failCgroupV1?: boolean
        }
    )
    // On a cgroup v1 engine the kubelets are told to run anyway; on v2 nothing changes.
    const kubelet = docs.find((d) => d.kind === 'KubeletConfiguration')
    expect(kubelet?.failCgroupV1).toBe(cgroupV1 ? false : undefined)
    const init = docs.find((d) => d.kind === 'InitConfiguration')?.nodeRegistration?.kubeletExtraArgs ?? []
    expect(Object.fromEntries(init.map((a) => [a.name, a.value]))).toMatchObject({
      'node-labels': 'ingress-ready=true',
      'node-ip': expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/) as unknown,
      'provider-id': `kind://docker/${NAME}/${NAME}-control-plane`
    })

    // The label reached the Node, on the control plane only.
    const core = kubeconfig().makeApiClient(CoreV1Api)
    const nodes = (await core.listNode()).items
    const labelled = nodes.filter((n) => n.metadata?.labels?.['ingress-ready'] === 'true').map((n) => n.metadata?.name)
    expect(labelled).toEqual([`${NAME}-control-plane`])
    expect(nodes).toHaveLength(3)

    // Docker bound every design port on 127.0.0.1 at the remapped host port.
    const bound = docker('port', `${NAME}-control-plane`)
    for (const p of DESIGN_PORTS) {
      const host = remaps.find((r) => r.from === p.hostPort)?.to
      expect(bound).toContain(`${p.containerPort}/tcp -> 127.0.0.1:${host}`)
    }

    // The ingress controller runs on the labelled node; metrics-server is available.
    const apps = kubeconfig().makeApiClient(AppsV1Api)
    const ingress = await apps.readNamespacedDeployment({
      name: 'ingress-nginx-controller',
      namespace: 'ingress-nginx'
    })
    expect(ingress.status?.availableReplicas).toBe(1)
    const pods = await core.listNamespacedPod({
      namespace: 'ingress-nginx',
      labelSelector: 'app.kubernetes.io/component=controller'
    })
    expect(pods.items.map((p) => p.spec?.nodeName)).toEqual([`${NAME}-control-plane`])
    const ms = await apps.readNamespacedDeployment({ name: 'metrics-server', namespace: 'kube-system' })
    expect(ms.status?.availableReplicas).toBe(1)

    // Exported into the user's kubeconfig (here a fresh home), the context reaches the cluster.
    const exported = await service.exportKubeconfig()
    expect(exported).toEqual({ path: path.join(dataDir, '.kube', 'config'), context: `kind-${NAME}` })
    const user = new KubeConfig()
    user.loadFromFile(exported.path)
    user.setCurrentContext(exported.context)
    expect((await user.makeApiClient(CoreV1Api).listNode()).items).toHaveLength(3)

    const status = await service.status()
    expect(status).toMatchObject({ name: NAME, exists: true, running: true, apiReachable: true })
    expect(status.nodes.filter((n) => n.ready)).toHaveLength(3)
    expect(status.ports.find((p) => p.containerPort === 30432)?.hostPort).toBe(remaps.find((r) => r.from === 5432)?.to)
  }, 240_000)

  it('stops the node containers and starts them again until Ready, data kept', async () => {
    const core = kubeconfig().makeApiClient(CoreV1Api)
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'survives-stop' }, data: { written: 'before stop' } }
    })
    const stopped = await run(service.stop())
    expect(stopped.state).toBe('succeeded')
    expect(nodes().every((l) => l.endsWith('\texited'))).toBe(true)
    const whileStopped = await service.status()
    expect(whileStopped).toMatchObject({ exists: true, running: false, apiReachable: false })
    // The host ports still come from Docker, not from the settings.
    const pg = remaps.find((r) => r.from === 5432)?.to ?? 0
    expect(whileStopped.ports.find((p) => p.containerPort === 30432)?.hostPort).toBe(pg)

    // Something took one of the cluster's ports while it was stopped: say who, start nothing.
    const squatter = net.createServer()
    await new Promise<void>((resolve) => squatter.listen(pg, '127.0.0.1', resolve))
    try {
      await expect(service.start()).rejects.toMatchObject({
        code: 'PORT_IN_USE',
        message: expect.stringMatching(
          new RegExp(`Host port ${pg} \\(PostgreSQL\\) of ${NAME} is in use by node`)
        ) as unknown
      })
      expect(nodes().every((l) => l.endsWith('\texited'))).toBe(true)
    } finally {
      await new Promise((resolve) => squatter.close(resolve))
    }

    const t0 = Date.now()
    const started = await run(service.start())
    timings.push(`start after stop ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    expect(started.error).toBeUndefined()
    expect(nodes().every((l) => l.endsWith('\trunning'))).toBe(true)
    const status = await service.status()
    expect(status).toMatchObject({ running: true, apiReachable: true })
    expect(status.nodes.filter((n) => n.ready)).toHaveLength(3)
    const kept = await kubeconfig().makeApiClient(CoreV1Api).readNamespacedConfigMap({
      name: 'survives-stop',
      namespace: 'default'
    })
    expect(kept.data).toEqual({ written: 'before stop' })
  }, 180_000)

  it('adopts the cluster when asked to create it again', async () => {
    const task = await run(service.create({ name: NAME, remaps, nodeImage: image }))
    expect(task.state).toBe('succeeded')
    expect(task.title).toBe(`Adopt cluster ${NAME}`)
    expect(task.steps.map((s) => s.id)).not.toContain('nodes')
  }, 180_000)

  it('deletes the cluster and its kubeconfig', async () => {
    const removed = await run(service.remove())
    expect(removed.state).toBe('succeeded')
    expect(nodes()).toEqual([])
    expect(existsSync(path.join(dataDir, 'kubeconfig', `${NAME}.yaml`))).toBe(false)
  }, 120_000)

  it('l8dev up, status and down do the same from a terminal', async () => {
    const env = { L8_DATA_DIR: dataDir, PATH: `${bin}:${process.env['PATH'] ?? ''}` }
    const ports = remaps.flatMap((r) => ['--port', `${r.from}=${r.to}`])
    const started = Date.now()
    const up = await l8dev(['up', '--name', NAME, '--node-image', image, '--listen-all', ...ports], env)
    timings.push(`second create (l8dev up) ${((Date.now() - started) / 1000).toFixed(1)} s`)
    expect(up.stderr).toBe('')
    expect(up.code).toBe(0)
    // Each step printed as it finished, with its duration.
    expect(up.stdout).toMatch(/✓ Control plane \(\d+(\.\d)? s\)/)
    expect(up.stdout).toContain('Joining worker nodes')
    // --listen-all binds the design ports on every interface.
    expect(docker('port', `${NAME}-control-plane`)).toContain(
      `30432/tcp -> 0.0.0.0:${remaps.find((r) => r.from === 5432)?.to}`
    )

    const status = await l8dev(['status', '--json'], env)
    expect(status.code).toBe(0)
    expect(JSON.parse(status.stdout)).toMatchObject({ name: NAME, running: true, apiReachable: true })

    const down = await l8dev(['down', '--yes'], env)
    expect(down.code).toBe(0)
    expect(nodes()).toEqual([])
  }, 240_000)
})
