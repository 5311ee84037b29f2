import { readFile } from 'node:fs/promises'
import path from 'node:path'

import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node'

import { applyObjects, parseManifests } from '../kube/apply.ts'
import { waitDeploymentAvailable } from '../kube/readiness.ts'

/**
 * Cluster add-ons shipped in manifests/ (pinned, never downloaded at run time) and the
 * changes a kind cluster needs. The ingress controller is chosen here and only here, so
 * replacing ingress-nginx (retired upstream in March 2026) touches this one module.
 */
export interface Addon {
  id: 'ingress' | 'metrics-server'
  title: string
  file: string
  namespace: string
  deployment: string
  adapt(objects: KubernetesObject[]): KubernetesObject[]
}

type Obj = KubernetesObject & { spec?: Record<string, unknown> }

const isObj = (o: KubernetesObject, kind: string, name: string): boolean => o.kind === kind && o.metadata?.name === name

/**
 * The upstream kind manifest no longer pins the controller to the node with the host port
 * mappings and makes its Service a LoadBalancer. Without a cloud provider that Service would
 * only take NodePorts at random, possibly one the Layer8 stack needs (30001, 30432, ...);
 * traffic arrives through the pod's hostPort 80/443 on the ingress-ready node anyway.
 */
export function adaptIngressNginx(objects: KubernetesObject[]): KubernetesObject[] {
  return objects.map((o) => {
    const copy = structuredClone(o) as Obj
    if (isObj(copy, 'Deployment', 'ingress-nginx-controller')) {
      const tpl = (copy.spec?.['template'] ?? {}) as { spec?: { nodeSelector?: Record<string, string> } }
      tpl.spec = { ...tpl.spec, nodeSelector: { ...tpl.spec?.nodeSelector, 'ingress-ready': 'true' } }
    }
    if (isObj(copy, 'Service', 'ingress-nginx-controller') && copy.spec !== undefined) {
      copy.spec['type'] = 'ClusterIP'
      delete copy.spec['externalTrafficPolicy']
      delete copy.spec['allocateLoadBalancerNodePorts']
      const ports = (copy.spec['ports'] ?? []) as Record<string, unknown>[]
      for (const p of ports) delete p['nodePort']
    }
    return copy
  })
}

/** kind's kubelets serve self-signed certificates that metrics-server cannot verify. */
export function adaptMetricsServer(objects: KubernetesObject[]): KubernetesObject[] {
  return objects.map((o) => {
    const copy = structuredClone(o) as Obj
    if (isObj(copy, 'Deployment', 'metrics-server')) {
      const tpl = copy.spec?.['template'] as { spec?: { containers?: { name: string; args?: string[] }[] } } | undefined
      for (const c of tpl?.spec?.containers ?? []) {
        if (c.name === 'metrics-server' && !(c.args ?? []).includes('--kubelet-insecure-tls')) {
          c.args = [...(c.args ?? []), '--kubelet-insecure-tls']
        }
      }
    }
    return copy
  })
}

export const ADDONS: readonly Addon[] = [
  {
    id: 'ingress',
    title: 'Ingress controller (ingress-nginx)',
    file: 'ingress-nginx/deploy.yaml',
    namespace: 'ingress-nginx',
    deployment: 'ingress-nginx-controller',
    adapt: adaptIngressNginx
  },
  {
    id: 'metrics-server',
    title: 'metrics-server',
    file: 'metrics-server/components.yaml',
    namespace: 'kube-system',
    deployment: 'metrics-server',
    adapt: adaptMetricsServer
  }
]

export async function loadAddon(manifestsDir: string, addon: Addon): Promise<KubernetesObject[]> {
  const text = await readFile(path.join(manifestsDir, addon.file), 'utf8')
  return addon.adapt(parseManifests(text))
}

/** Applies an add-on and waits until its Deployment is Available: what "installed" means. */
export async function installAddon(
  kc: KubeConfig,
  manifestsDir: string,
  addon: Addon,
  options: { signal?: AbortSignal; timeoutMs: number; log?: (line: string) => void }
): Promise<void> {
  const objects = await loadAddon(manifestsDir, addon)
  await applyObjects(kc, objects, { signal: options.signal, onApplied: (what) => options.log?.(`applied ${what}`) })
  options.log?.(`waiting for ${addon.namespace}/${addon.deployment} to be Available`)
  await waitDeploymentAvailable(kc, addon.namespace, addon.deployment, options)
}
