import { CoreV1Api, VersionApi, type KubeConfig } from '@kubernetes/client-node'

import type { ClusterStatus, NodeState, PortMapping } from '../../contract/models.ts'
import type { KindCli } from '../kind/kind-cli.ts'
import { loadKubeConfig } from '../kube/kubeconfig.ts'
import { nodeState } from '../kube/readiness.ts'

const withTimeout = async <T>(p: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), ms)
      })
    ])
  } finally {
    clearTimeout(timer)
  }
}

/** Asks the API for its nodes; undefined when it does not answer within a few seconds. */
export async function apiNodes(kc: KubeConfig): Promise<NodeState[] | undefined> {
  try {
    await withTimeout(kc.makeApiClient(VersionApi).getCode(), 4000)
    const list = await withTimeout(kc.makeApiClient(CoreV1Api).listNode(), 4000)
    return list.items.map(nodeState)
  } catch {
    return undefined
  }
}

export async function kindStatus(
  cli: KindCli,
  name: string,
  configured: PortMapping[],
  kubeconfigPath: string
): Promise<ClusterStatus> {
  let ports = configured
  const containers = await cli.nodeContainers(name)
  const exists = containers.length > 0
  const running = exists && containers.every((c) => c.running)
  let nodes: NodeState[] | undefined
  const controlPlane = containers.find((c) => c.role === 'control-plane')
  if (controlPlane !== undefined) {
    // The ports the cluster really has, stopped or running (an adopted cluster may differ
    // from the settings).
    const actual = await cli.portBindings(controlPlane.name)
    ports = ports.map((p) => ({ ...p, hostPort: actual.get(p.containerPort) ?? p.hostPort }))
  }
  if (running) {
    const kc = await loadKubeConfig(kubeconfigPath).catch(() => undefined)
    nodes = kc === undefined ? undefined : await apiNodes(kc)
  }
  return {
    name,
    provider: 'kind',
    exists,
    running,
    apiReachable: nodes !== undefined,
    nodes:
      nodes ??
      containers.map((c) => ({
        name: c.name,
        role: c.role === 'control-plane' ? 'control-plane' : 'worker',
        ready: false
      })),
    ports,
    kubeconfigPath,
    context: `kind-${name}`
  }
}

export const KUBECONFIG_TARGET_REASON =
  'This target comes from a kubeconfig: Layer8 Desktop does not create, start, stop or delete it. Switch the target to kind for those.'

export async function kubeconfigStatus(path: string, context: string): Promise<ClusterStatus> {
  const kc = await loadKubeConfig(path, context)
  const nodes = await apiNodes(kc)
  return {
    name: context,
    provider: 'kubeconfig',
    exists: true,
    running: nodes !== undefined,
    apiReachable: nodes !== undefined,
    nodes: nodes ?? [],
    ports: [],
    kubeconfigPath: path,
    context,
    kindActionsDisabledReason: KUBECONFIG_TARGET_REASON
  }
}
