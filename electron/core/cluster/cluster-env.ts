import path from 'node:path'

import type { KubeConfig } from '@kubernetes/client-node'

import { ADDONS, installAddon } from '../addons/addons.ts'
import { AppError } from '../app-error.ts'
import { KindCli, type KindTools } from '../kind/kind-cli.ts'
import { loadKubeConfig } from '../kube/kubeconfig.ts'
import { waitApiReachable, waitNodesReady } from '../kube/readiness.ts'
import type { Runner } from '../process/run.ts'
import { findBinary, type HostEnv } from '../process/search-path.ts'
import { SettingsStore, type Settings } from '../settings.ts'
import type { TaskContext, TaskRegistry } from '../tasks/task-registry.ts'

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

/** What every cluster action shares: settings, the tools, and the readiness steps. */
export interface ClusterEnv {
  deps: ClusterServiceDeps
  settings: SettingsStore
  kubeconfigPath: (name: string) => string
  tools: () => Promise<KindTools>
  /** The kind CLI for kind-only actions; refuses when the target is another kubeconfig. */
  kindTarget: (action: string) => Promise<{ cli: KindCli; name: string; s: Settings }>
  /** Refuses a second create, start, stop or delete while one runs (two windows, two tabs). */
  assertIdle: () => void
  readyCluster: (ctx: TaskContext, name: string, nodes: number) => Promise<KubeConfig>
  installAddons: (ctx: TaskContext, kc: KubeConfig) => Promise<void>
}

export function makeClusterEnv(deps: ClusterServiceDeps): ClusterEnv {
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

  async function kindTarget(action: string): Promise<{ cli: KindCli; name: string; s: Settings }> {
    const s = await settings.read()
    if (s.target.kind !== 'kind') {
      throw new AppError('NOT_SUPPORTED', `${action} is only for the kind cluster Layer8 Desktop creates.`, {
        hint: `The target is context "${s.target.context}" from ${s.target.path}; switch the target to kind to use it.`
      })
    }
    return { cli: new KindCli(deps.run, await tools()), name: s.cluster.name, s }
  }

  function assertIdle(): void {
    const running = deps.tasks.list().find((t) => t.state === 'running' && t.kind.startsWith('cluster.'))
    if (running !== undefined) {
      throw new AppError('BUSY', `"${running.title}" is still running.`, {
        hint: 'Wait for it to finish, or cancel it, then try again.',
        details: { taskId: running.id }
      })
    }
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

  return { deps, settings, kubeconfigPath, tools, kindTarget, assertIdle, readyCluster, installAddons }
}
