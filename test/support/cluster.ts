import { randomBytes } from 'node:crypto'

import { CoreV1Api, KubeConfig } from '@kubernetes/client-node'
import { inject } from 'vitest'

export interface TestCluster {
  kc: KubeConfig
  kubeconfigPath: string
  viewerKubeconfigPath: string
  namespace: string
  cleanup(): Promise<void>
}

/** The shared cluster, with a namespace of the suite's own; throws (never skips) if absent. */
export async function useCluster(prefix: string): Promise<TestCluster> {
  const error = inject('clusterError')
  const kubeconfigPath = inject('kubeconfig')
  if (error !== '' || kubeconfigPath === '') throw new Error(`No test cluster: ${error}`)
  const kc = new KubeConfig()
  kc.loadFromFile(kubeconfigPath)
  const namespace = `${prefix}-${randomBytes(3).toString('hex')}`
  const core = kc.makeApiClient(CoreV1Api)
  await core.createNamespace({ body: { metadata: { name: namespace } } })
  return {
    kc,
    kubeconfigPath,
    viewerKubeconfigPath: inject('viewerKubeconfig'),
    namespace,
    cleanup: async () => {
      await core.deleteNamespace({ name: namespace }).catch(() => undefined)
    }
  }
}

/** Polls until `probe` returns a value; the timeout error says what was awaited. */
export async function eventually<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined> | T | undefined
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const v = await probe()
      if (v !== undefined) return v
    } catch (err) {
      last = err
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${last instanceof Error ? ` (last error: ${last.message})` : ''}`)
}
