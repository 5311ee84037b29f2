import type { KubeConfig, V1Deployment, V1Node } from '@kubernetes/client-node'
import { VersionApi } from '@kubernetes/client-node'

import type { NodeState } from '../../contract/models.ts'
import { AppError } from '../app-error.ts'
import { hasCondition, watchUntil, type WaitOptions } from './wait.ts'

export function nodeState(n: V1Node): NodeState {
  const labels = n.metadata?.labels ?? {}
  return {
    name: n.metadata?.name ?? '?',
    role: 'node-role.kubernetes.io/control-plane' in labels ? 'control-plane' : 'worker',
    ready: hasCondition(n.status?.conditions, 'Ready')
  }
}

export async function waitNodesReady(kc: KubeConfig, expected: number, options: WaitOptions): Promise<NodeState[]> {
  const nodes = await watchUntil<V1Node>(
    kc,
    '/api/v1/nodes',
    {},
    (ns) => ns.length >= expected && ns.every((n) => nodeState(n).ready),
    (ns) => {
      const notReady = ns
        .map(nodeState)
        .filter((n) => !n.ready)
        .map((n) => n.name)
      return `${ns.length}/${expected} nodes seen${notReady.length > 0 ? `, not Ready: ${notReady.join(', ')}` : ''}`
    },
    options
  )
  return nodes.map(nodeState)
}

export function deploymentAvailable(d: V1Deployment): boolean {
  const wanted = d.spec?.replicas ?? 1
  return (
    (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1) &&
    (d.status?.availableReplicas ?? 0) >= wanted &&
    (d.status?.updatedReplicas ?? 0) >= wanted &&
    hasCondition(d.status?.conditions, 'Available')
  )
}

export async function waitDeploymentAvailable(
  kc: KubeConfig,
  namespace: string,
  name: string,
  options: WaitOptions
): Promise<void> {
  await watchUntil<V1Deployment>(
    kc,
    `/apis/apps/v1/namespaces/${namespace}/deployments`,
    { fieldSelector: `metadata.name=${name}` },
    (ds) => ds.length === 1 && ds.every(deploymentAvailable),
    (ds) =>
      ds.length === 0
        ? `deployment ${namespace}/${name} does not exist`
        : `deployment ${namespace}/${name} has ${ds[0]?.status?.availableReplicas ?? 0}/${ds[0]?.spec?.replicas ?? 1} replicas available`,
    options
  )
}

/** Polls /version until the API answers; used right after nodes start, before any watch works. */
export async function waitApiReachable(kc: KubeConfig, options: WaitOptions): Promise<string> {
  const api = kc.makeApiClient(VersionApi)
  const deadline = Date.now() + options.timeoutMs
  const cancelled = (): AppError => new AppError('CANCELLED', 'Cancelled while waiting for the API server.')
  // Each try is bounded (a half-open port never answers) and ends at once on cancel.
  const bounded = <T>(p: Promise<T>, ms: number): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)
      const onAbort = (): void => reject(cancelled())
      options.signal?.addEventListener('abort', onAbort, { once: true })
      p.then(resolve, reject).finally(() => {
        clearTimeout(timer)
        options.signal?.removeEventListener('abort', onAbort)
      })
    })
  let last = ''
  while (Date.now() < deadline) {
    if (options.signal?.aborted === true) throw cancelled()
    try {
      const v = await bounded(api.getCode(), Math.max(1000, Math.min(5000, deadline - Date.now())))
      return v.gitVersion
    } catch (err) {
      if (err instanceof AppError) throw err
      last = (err as Error).message
    }
    await bounded(new Promise<void>((r) => setTimeout(r, 1000)), 2000)
  }
  throw new AppError(
    'TIMEOUT',
    `The API server did not answer within ${Math.round(options.timeoutMs / 1000)} s (${last}).`,
    {
      hint: "Check that the cluster's node containers are running (docker ps), then try again."
    }
  )
}
