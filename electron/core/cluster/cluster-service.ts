import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'

import type { KubeConfig } from '@kubernetes/client-node'

import type { CreateClusterParams, KubeContextInfo, TargetParams } from '../../contract/commands.ts'
import type { ClusterStatus } from '../../contract/models.ts'
import { ADDONS, installAddon } from '../addons/addons.ts'
import { AppError } from '../app-error.ts'
import { applyRemaps, buildKindConfig, kindConfigYaml } from '../kind/kind-config.ts'
import { KindCli, type KindTools } from '../kind/kind-cli.ts'
import { listContexts, loadKubeConfig } from '../kube/kubeconfig.ts'
import { waitApiReachable, waitNodesReady } from '../kube/readiness.ts'
import { checkPorts } from '../ports/check-ports.ts'
import type { Runner } from '../process/run.ts'
import { findBinary, type HostEnv } from '../process/search-path.ts'
import { SettingsStore, writeFileAtomic } from '../settings.ts'
import type { TaskContext, TaskRegistry } from '../tasks/task-registry.ts'
import { kindStatus, kubeconfigStatus } from './cluster-status.ts'
import { parseKindProgress } from './kind-progress.ts'
import { exportToUserKubeconfig } from './export-kubeconfig.ts'
import { ensureRegistryMirror } from './registry-mirror.ts'

export interface ClusterServiceDeps {
  run: Runner
  host: HostEnv
  dataDir: string
  tasks: TaskRegistry
  manifestsDir: string
  /** Waits, in ms; tests shorten them. */
  timeouts?: Partial<typeof DEFAULT_TIMEOUTS>
}

export const DEFAULT_TIMEOUTS = { api: 180_000, addon: 300_000, nodes: 300_000 }

export interface ClusterService {
  status(): Promise<ClusterStatus>
  create(params: CreateClusterParams): Promise<{ taskId: string }>
  start(): Promise<{ taskId: string }>
  stop(): Promise<{ taskId: string }>
  remove(): Promise<{ taskId: string }>
  exportKubeconfig(): Promise<{ path: string; context: string }>
  contexts(path: string): Promise<KubeContextInfo[]>
  setTarget(target: TargetParams): Promise<ClusterStatus>
}

export function createClusterService(deps: ClusterServiceDeps): ClusterService {
  const settings = new SettingsStore(deps.dataDir)
  const timeouts = { ...DEFAULT_TIMEOUTS, ...deps.timeouts }
  const kubeconfigPath = (name: string): string => path.join(deps.dataDir, 'kubeconfig', `${name}.yaml`)

  async function tools(): Promise<KindTools> {
    const [kind, docker] = await Promise.all([findBinary('kind', deps.host), findBinary('docker', deps.host)])
    if (docker === undefined) {
      throw new AppError('DOCKER_NOT_FOUND', 'The docker command was not found.', {
        hint: 'Install Docker Desktop (macOS, Windows) or Docker Engine (Linux); "l8dev doctor" checks the rest.'
      })
    }
    if (kind === undefined) {
      throw new AppError('KIND_NOT_FOUND', 'The kind command was not found.', {
        hint: 'Install kind v0.33.0 (brew install kind, winget install Kubernetes.kind, or go install sigs.k8s.io/kind@v0.33.0).'
      })
    }
    // kind runs docker itself; a GUI launch may not have docker's folder on its PATH.
    const sep = deps.host.platform === 'win32' ? ';' : ':'
    const pathVar = [path.dirname(docker), deps.host.env['PATH'] ?? ''].filter((p) => p !== '').join(sep)
    return { kind, docker, env: { PATH: pathVar } }
  }

  async function kindTarget(
    action: string
  ): Promise<{ cli: KindCli; name: string; s: Awaited<ReturnType<SettingsStore['read']>> }> {
    const s = await settings.read()
    if (s.target.kind !== 'kind') {
      throw new AppError('NOT_SUPPORTED', `${action} is only for the kind cluster Layer8 Desktop creates.`, {
        hint: `The target is context "${s.target.context}" from ${s.target.path}; switch the target to kind to use it.`
      })
    }
    return { cli: new KindCli(deps.run, await tools()), name: s.cluster.name, s }
  }

  async function readyCluster(ctx: TaskContext, name: string, nodes: number): Promise<KubeConfig> {
    const kc = await ctx.step('api', 'API server reachable', async () => {
      const kc = await loadKubeConfig(kubeconfigPath(name))
      const version = await waitApiReachable(kc, { timeoutMs: timeouts.api, signal: ctx.signal })
      ctx.log(`API server ${version} answers`)
      return kc
    })
    await ctx.step('nodes-ready', 'All nodes Ready', async () => {
      const states = await waitNodesReady(kc, nodes, { timeoutMs: timeouts.nodes, signal: ctx.signal })
      ctx.log(`nodes Ready: ${states.map((n) => n.name).join(', ')}`)
    })
    return kc
  }

  async function installAddons(ctx: TaskContext, kc: KubeConfig): Promise<void> {
    for (const addon of ADDONS) {
      await ctx.step(addon.id, `${addon.title} installed and Ready`, () =>
        installAddon(kc, deps.manifestsDir, addon, { signal: ctx.signal, timeoutMs: timeouts.addon, log: ctx.log })
      )
    }
  }

  const service: ClusterService = {
    async status() {
      const s = await settings.read()
      if (s.target.kind === 'kubeconfig') return kubeconfigStatus(s.target.path, s.target.context)
      const ports = applyRemaps(s.cluster.remaps)
      try {
        return await kindStatus(
          new KindCli(deps.run, await tools()),
          s.cluster.name,
          ports,
          kubeconfigPath(s.cluster.name)
        )
      } catch (err) {
        // Docker down or kind missing: still say what the cluster would be, and what to do.
        if (
          !(err instanceof AppError) ||
          !['DOCKER_UNAVAILABLE', 'DOCKER_NOT_FOUND', 'KIND_NOT_FOUND'].includes(err.code)
        )
          throw err
        return {
          name: s.cluster.name,
          provider: 'kind',
          exists: false,
          running: false,
          apiReachable: false,
          nodes: [],
          ports,
          kubeconfigPath: kubeconfigPath(s.cluster.name),
          context: `kind-${s.cluster.name}`,
          problem: err.toData()
        }
      }
    },

    async create(params) {
      const current = await settings.read()
      const name = params.name ?? current.cluster.name
      const workers = params.workers ?? current.cluster.workers
      const remaps = params.remaps ?? current.cluster.remaps
      const listenAll = params.listenAll ?? current.cluster.listenAll
      // Everything the user typed is checked before anything exists.
      const ports = applyRemaps(remaps)
      const config = buildKindConfig({
        name,
        workers,
        ports,
        listenAddress: listenAll ? '0.0.0.0' : '127.0.0.1',
        registryConfigPath: true
      })
      const { cli } = await kindTarget('Creating a cluster')
      const existing = (await cli.clusters()).includes(name)
      if (!existing) {
        const taken = (
          await checkPorts(
            ports.map((p) => p.hostPort),
            { platform: deps.host.platform, run: deps.run }
          )
        ).filter((p) => !p.free)
        const first = taken[0]
        if (first !== undefined) {
          const who =
            first.holder?.process ?? (first.holder?.pid !== undefined ? `pid ${first.holder.pid}` : 'another process')
          const purpose = ports.find((p) => p.hostPort === first.port)?.purpose ?? first.purpose
          throw new AppError('PORT_IN_USE', `Host port ${first.port} (${purpose}) is in use by ${who}.`, {
            hint: `Stop ${who}, or remap the port (l8dev up --port ${first.port}=${first.port + 10000}).`,
            details: { ports: taken }
          })
        }
      }
      await settings.update((s) => ({ ...s, target: { kind: 'kind' }, cluster: { name, workers, remaps, listenAll } }))
      const kubeconfig = kubeconfigPath(name)
      let created = false
      const task = deps.tasks.start(
        'cluster.create',
        existing ? `Adopt cluster ${name}` : `Create cluster ${name}`,
        [
          ...(existing
            ? [{ id: 'adopt', title: 'Existing cluster adopted' }]
            : [
                { id: 'node-image', title: 'Node image' },
                { id: 'nodes', title: 'Node containers' },
                { id: 'control-plane', title: 'Control plane' },
                ...(workers > 0 ? [{ id: 'workers', title: 'Workers joined' }] : []),
                { id: 'mirror', title: 'Registry mirror' }
              ]),
          { id: 'api', title: 'API server reachable' },
          { id: 'nodes-ready', title: 'All nodes Ready' },
          ...ADDONS.map((a) => ({ id: a.id, title: `${a.title} installed and Ready` }))
        ],
        async (ctx) => {
          if (existing) {
            await ctx.step('adopt', 'Existing cluster adopted', async () => {
              await writeFileAtomic(kubeconfig, await cli.kubeconfig(name))
              ctx.log(`cluster ${name} already exists: adopting it`)
            })
          } else {
            const configPath = path.join(deps.dataDir, 'kind', `${name}.yaml`)
            await writeFileAtomic(configPath, kindConfigYaml(config))
            ctx.log(`kind config written to ${configPath}`)
            created = true
            await cli.create(
              name,
              configPath,
              kubeconfig,
              (line) => {
                ctx.log(line)
                const p = parseKindProgress(line)
                if (p !== undefined) ctx.mark(p.id, p.title, p.state)
              },
              ctx.signal
            )
            await ctx.step('mirror', 'Registry mirror', () => ensureRegistryMirror(cli, name, ctx.log, ctx.signal))
          }
          const kc = await readyCluster(ctx, name, workers + 1)
          await installAddons(ctx, kc)
        },
        async (error, log) => {
          const logFile = path.join(deps.dataDir, 'logs', `create-${name}-${Date.now()}.log`)
          await writeFileAtomic(logFile, log.join('\n') + '\n', 0o644)
          if (error.code === 'CANCELLED' && created) {
            // A cancelled create leaves nothing behind.
            await cli.remove(name, kubeconfig).catch(() => undefined)
            await rm(kubeconfig, { force: true })
            return {}
          }
          return { offers: created ? ['deleteAndRetry'] : ['retry'] }
        }
      )
      return { taskId: task.id }
    },

    async start() {
      const { cli, name, s } = await kindTarget('Starting the cluster')
      const task = deps.tasks.start(
        'cluster.start',
        `Start cluster ${name}`,
        [{ id: 'containers', title: 'Node containers started' }],
        async (ctx) => {
          await ctx.step('containers', 'Node containers started', async () => {
            const nodes = await cli.nodeContainers(name)
            if (nodes.length === 0)
              throw new AppError('CLUSTER_NOT_FOUND', `There is no cluster ${name}.`, { hint: 'Create it first.' })
            // The control plane first, so joining kubelets find their API server.
            const ordered = [
              ...nodes.filter((n) => n.role === 'control-plane'),
              ...nodes.filter((n) => n.role !== 'control-plane')
            ]
            await cli.docker('Starting node containers', ['start', ...ordered.map((n) => n.name)], ctx.log, ctx.signal)
          })
          await readyCluster(ctx, name, s.cluster.workers + 1)
        }
      )
      return { taskId: task.id }
    },

    async stop() {
      const { cli, name } = await kindTarget('Stopping the cluster')
      const task = deps.tasks.start(
        'cluster.stop',
        `Stop cluster ${name}`,
        [{ id: 'containers', title: 'Node containers stopped' }],
        async (ctx) => {
          await ctx.step('containers', 'Node containers stopped', async () => {
            const nodes = await cli.nodeContainers(name)
            if (nodes.length === 0) throw new AppError('CLUSTER_NOT_FOUND', `There is no cluster ${name}.`)
            await cli.docker('Stopping node containers', ['stop', ...nodes.map((n) => n.name)], ctx.log, ctx.signal)
          })
        }
      )
      return { taskId: task.id }
    },

    async remove() {
      const { cli, name } = await kindTarget('Deleting the cluster')
      const task = deps.tasks.start(
        'cluster.delete',
        `Delete cluster ${name}`,
        [{ id: 'delete', title: 'Cluster deleted' }],
        async (ctx) => {
          await ctx.step('delete', 'Cluster deleted', async () => {
            await cli.remove(name, kubeconfigPath(name), ctx.log)
            await rm(kubeconfigPath(name), { force: true })
          })
        }
      )
      return { taskId: task.id }
    },

    async exportKubeconfig() {
      const { name } = await kindTarget('Exporting the kubeconfig')
      const text = await readFile(kubeconfigPath(name), 'utf8').catch(() => {
        throw new AppError('CLUSTER_NOT_FOUND', `There is no kubeconfig for ${name} yet.`, {
          hint: 'Create the cluster first.'
        })
      })
      return exportToUserKubeconfig(text, deps.host)
    },

    async contexts(file) {
      return listContexts(await loadKubeConfig(file))
    },

    async setTarget(target) {
      if (target.kind === 'kubeconfig') await loadKubeConfig(target.path, target.context)
      await settings.update((s) => ({ ...s, target }))
      return service.status()
    }
  }
  return service
}
