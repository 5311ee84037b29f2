import { readFile, rm } from 'node:fs/promises'

import type { CreateClusterParams, KubeContextInfo, TargetParams } from '../../contract/commands.ts'
import type { ClusterStatus, TaskInfo } from '../../contract/models.ts'
import { AppError } from '../app-error.ts'
import { applyRemaps } from '../kind/kind-config.ts'
import { KindCli } from '../kind/kind-cli.ts'
import { listContexts, loadKubeConfig, resolveKubeconfigPath } from '../kube/kubeconfig.ts'
import type { TaskContext } from '../tasks/task-registry.ts'
import { makeClusterEnv, type ClusterServiceDeps } from './cluster-env.ts'
import { assertStartPortsFree } from './start-ports.ts'
import { KUBECONFIG_TARGET_REASON, kindStatus, kubeconfigStatus } from './cluster-status.ts'
import { createCluster } from './create-cluster.ts'
import { exportToUserKubeconfig } from './export-kubeconfig.ts'
import { controlPlaneFirst } from './node-order.ts'

export { DEFAULT_TIMEOUTS, type ClusterServiceDeps } from './cluster-env.ts'

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
  const env = makeClusterEnv(deps)
  const { settings, kubeconfigPath, tools, kindTarget, readyCluster } = env

  /** A cluster task made of one step, refused while another cluster task runs. */
  const oneStepTask = (
    kind: TaskInfo['kind'],
    title: string,
    stepId: string,
    stepTitle: string,
    body: (ctx: TaskContext) => Promise<void>
  ): { taskId: string } => {
    env.assertIdle()
    const task = deps.tasks.start(kind, title, [{ id: stepId, title: stepTitle }], (ctx) =>
      ctx.step(stepId, stepTitle, () => body(ctx))
    )
    return { taskId: task.id }
  }

  const service: ClusterService = {
    async status() {
      const s = await settings.read()
      if (s.target.kind === 'kubeconfig') {
        try {
          return await kubeconfigStatus(s.target.path, s.target.context)
        } catch (err) {
          // The file moved or broke: say so, and keep the way back to kind open.
          if (!(err instanceof AppError)) throw err
          return {
            name: s.target.context,
            provider: 'kubeconfig',
            exists: false,
            running: false,
            apiReachable: false,
            nodes: [],
            ports: [],
            kubeconfigPath: s.target.path,
            context: s.target.context,
            kindActionsDisabledReason: KUBECONFIG_TARGET_REASON,
            problem: err.toData()
          }
        }
      }
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

    create: (params) => createCluster(env, params),

    async start() {
      const { cli, name } = await kindTarget('Starting the cluster')
      env.assertIdle()
      await assertStartPortsFree(cli, name, await cli.nodeContainers(name), {
        platform: deps.host.platform,
        run: deps.run
      })
      const task = deps.tasks.start(
        'cluster.start',
        `Start cluster ${name}`,
        [{ id: 'containers', title: 'Node containers started' }],
        async (ctx) => {
          // Wait for the nodes the cluster has, not the count in settings (it may be adopted).
          const count = await ctx.step('containers', 'Node containers started', async () => {
            const nodes = await cli.nodeContainers(name)
            if (nodes.length === 0)
              throw new AppError('CLUSTER_NOT_FOUND', `There is no cluster ${name}.`, { hint: 'Create it first.' })
            const ordered = controlPlaneFirst(nodes)
            await cli.docker('Starting node containers', ['start', ...ordered.map((n) => n.name)], ctx.log, ctx.signal)
            return nodes.length
          })
          await readyCluster(ctx, name, count)
        }
      )
      return { taskId: task.id }
    },

    async stop() {
      const { cli, name } = await kindTarget('Stopping the cluster')
      return oneStepTask(
        'cluster.stop',
        `Stop cluster ${name}`,
        'containers',
        'Node containers stopped',
        async (ctx) => {
          const nodes = await cli.nodeContainers(name)
          if (nodes.length === 0) throw new AppError('CLUSTER_NOT_FOUND', `There is no cluster ${name}.`)
          await cli.docker('Stopping node containers', ['stop', ...nodes.map((n) => n.name)], ctx.log, ctx.signal)
        }
      )
    },

    async remove() {
      const { cli, name } = await kindTarget('Deleting the cluster')
      return oneStepTask('cluster.delete', `Delete cluster ${name}`, 'delete', 'Cluster deleted', async (ctx) => {
        await cli.remove(name, kubeconfigPath(name), ctx.log)
        await rm(kubeconfigPath(name), { force: true })
      })
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

    async setTarget(requested) {
      const target: TargetParams =
        requested.kind === 'kubeconfig' ? { ...requested, path: resolveKubeconfigPath(requested.path) } : requested
      if (target.kind === 'kubeconfig') await loadKubeConfig(target.path, target.context)
      await settings.update((s) => ({ ...s, target }))
      return service.status()
    }
  }
  return service
}
