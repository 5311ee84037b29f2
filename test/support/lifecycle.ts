import { mkdtempSync, readFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import type { PortRemap } from '../../electron/contract/commands.ts'
import { createClusterService, type ClusterService } from '../../electron/core/cluster/cluster-service.ts'
import { runProcess } from '../../electron/core/process/run.ts'
import { DESIGN_HOST_PORTS } from '../../electron/core/stack/design.ts'
import { TaskRegistry } from '../../electron/core/tasks/task-registry.ts'
import { writeStub, type StubResponse } from '../fakes/stub-bin.ts'

export const MANIFESTS = path.join(import.meta.dirname, '../../manifests')

interface Transcript {
  lines: string[]
  failAfter: string
  failure: string
}
export const transcript = JSON.parse(
  readFileSync(path.join(import.meta.dirname, '../fixtures/kind/create-transcript.json'), 'utf8')
) as Transcript

export const NODES_PS =
  'layer8-dev-001-control-plane\trunning\tcontrol-plane\nlayer8-dev-001-worker\trunning\tworker\nlayer8-dev-001-worker2\trunning\tworker\n'
export const NODES_PS_STOPPED = NODES_PS.replaceAll('running', 'exited')

/** kind's answers for a cluster that does not exist until `create` runs. */
export function kindStub(create: Partial<StubResponse>): StubResponse[] {
  return [
    { args: ['get', 'clusters'], when: { cluster: 'exists' }, stdout: 'layer8-dev-001\n' },
    { args: ['get', 'clusters'], stderr: 'No kind clusters found.\n' },
    { args: ['create', 'cluster'], ...create },
    {
      args: ['delete', 'cluster'],
      stderr: 'Deleting cluster "layer8-dev-001" ...\nDeleted nodes: ["layer8-dev-001-control-plane"]\n',
      set: { cluster: 'gone' }
    },
    { args: ['get', 'kubeconfig'], stdout: '' }
  ]
}

/** docker's answers: node containers by label, the registry mirror, and exec into nodes. */
/** A running cluster's port bindings; start never probes them, since its ports are Docker's. */
export const RUNNING_BINDINGS =
  '{"30432/tcp":[{"HostIp":"127.0.0.1","HostPort":"25432"}],"6443/tcp":[{"HostIp":"127.0.0.1","HostPort":"41234"}],"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"80"}]}\n'

/** A stopped cluster's bindings, on ports free now: start checks them before it starts anything. */
export async function freeBindings(): Promise<string> {
  const [api, pg, http] = await freePorts(3)
  const b = (port: number | undefined) => [{ HostIp: '127.0.0.1', HostPort: String(port) }]
  return JSON.stringify({ '6443/tcp': b(api), '30432/tcp': b(pg), '80/tcp': b(http) }) + '\n'
}

export function dockerStub(ps = NODES_PS, bindings = RUNNING_BINDINGS): StubResponse[] {
  return [
    { args: ['info', '--format', '{{.CgroupVersion}}'], stdout: '2\n' },
    { args: ['ps', '-a'], when: { cluster: 'gone' }, stdout: '' },
    { args: ['ps', '-a'], stdout: ps },
    {
      args: ['inspect', '-f', '{{json .HostConfig.PortBindings}}'],
      stdout: bindings
    },
    { args: ['inspect'], code: 1, stderr: 'Error: No such object: layer8-mirror-docker-io\n' },
    { args: ['run', '-d'], stdout: '4f1c0ffee\n' },
    { args: ['network', 'connect'], stdout: '' },
    { args: ['exec', '-i'], stdout: '' },
    { args: ['exec', '*', 'crictl', 'pull'], stdout: 'Image is up to date for sha256:0b1c\n' },
    { args: ['start'], stdout: 'layer8-dev-001-control-plane\nlayer8-dev-001-worker\nlayer8-dev-001-worker2\n' },
    { args: ['stop'], stdout: 'layer8-dev-001-control-plane\nlayer8-dev-001-worker\nlayer8-dev-001-worker2\n' }
  ]
}

export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<net.Server>((resolve) => {
          const s = net.createServer()
          s.listen(0, '127.0.0.1', () => resolve(s))
        })
    )
  )
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port)
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
  return ports
}

/** Every design port moved to a free high port, so tests never depend on this machine's 80 or 5432. */
export async function freeRemaps(): Promise<PortRemap[]> {
  const ports = await freePorts(DESIGN_HOST_PORTS.length)
  return DESIGN_HOST_PORTS.map((from, i) => ({ from, to: ports[i] ?? 0 }))
}

export interface Harness {
  service: ClusterService
  tasks: TaskRegistry
  dataDir: string
  bin: string
  kindCalls: () => string[][]
  dockerCalls: () => string[][]
}

export function harness(
  kind: StubResponse[],
  docker: StubResponse[],
  initialState: Record<string, string> = {},
  timeouts = { api: 20_000, addon: 60_000, nodes: 20_000 }
): Harness {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'l8-stubs-'))
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'l8-data-'))
  const k = writeStub(bin, 'kind', kind, initialState)
  const d = writeStub(bin, 'docker', docker, initialState)
  const tasks = new TaskRegistry()
  const service = createClusterService({
    run: runProcess,
    host: { platform: 'linux', env: { PATH: bin }, homedir: dataDir },
    dataDir,
    tasks,
    manifestsDir: MANIFESTS,
    timeouts
  })
  return { service, tasks, dataDir, bin, kindCalls: k.calls, dockerCalls: d.calls }
}
