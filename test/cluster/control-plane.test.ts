import { execFileSync } from 'node:child_process'
import https from 'node:https'

import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  DiscoveryV1Api,
  KubeConfig,
  Metrics,
  type V1Pod
} from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { eventually, useCluster, type TestCluster } from '../support/cluster.ts'
import { BIN } from './cluster.ts'

let c: TestCluster
beforeAll(async () => {
  c = await useCluster('cp')
})
afterAll(async () => c?.cleanup())

/** A CPU quantity ("299861u", "300m", "250000000n", "1") in millicores. */
function cpuMilli(q: string): number {
  const m = /^(\d+(?:\.\d+)?)([num]?)$/.exec(q)
  if (m === null) throw new Error(`not a CPU quantity: ${q}`)
  const scale = { n: 1e-6, u: 1e-3, m: 1, '': 1000 }[m[2] as 'n' | 'u' | 'm' | '']
  return Number(m[1]) * scale
}

const core = (): CoreV1Api => c.kc.makeApiClient(CoreV1Api)
const apps = (): AppsV1Api => c.kc.makeApiClient(AppsV1Api)

async function pods(selector: string): Promise<V1Pod[]> {
  return (await core().listNamespacedPod({ namespace: c.namespace, labelSelector: selector })).items
}

describe('the test control plane is a real Kubernetes API', () => {
  it('answers /readyz with ok', async () => {
    const cluster = c.kc.getCurrentCluster()
    const user = c.kc.getCurrentUser()
    const body = await new Promise<string>((resolve, reject) => {
      https
        .get(
          `${cluster?.server}/readyz`,
          {
            ca: Buffer.from(cluster?.caData ?? '', 'base64'),
            cert: Buffer.from(user?.certData ?? '', 'base64'),
            key: Buffer.from(user?.keyData ?? '', 'base64')
          },
          (res) => {
            let text = ''
            res.on('data', (d: Buffer) => (text += d.toString()))
            res.on('end', () => resolve(text))
          }
        )
        .on('error', reject)
    })
    expect(body.trim()).toBe('ok')
  })

  it('has three Ready nodes, one labelled ingress-ready=true', async () => {
    const nodes = (await core().listNode()).items
    expect(nodes).toHaveLength(3)
    for (const n of nodes) {
      expect(n.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('True')
      // kwok's default template would give 192.0.2.x: only localhost may appear here.
      for (const a of n.status?.addresses ?? []) expect(['127.0.0.1', 'localhost']).toContain(a.address)
    }
    expect(nodes.filter((n) => n.metadata?.labels?.['ingress-ready'] === 'true')).toHaveLength(1)
  })

  it('works with the kubectl built here and the written kubeconfig', () => {
    const out = execFileSync(`${BIN}/kubectl`, ['--kubeconfig', c.kubeconfigPath, 'get', 'nodes', '-o', 'name'], {
      encoding: 'utf8'
    })
    expect(out.trim().split('\n').sort()).toEqual(['node/l8-control-plane', 'node/l8-worker', 'node/l8-worker2'])
    const version = JSON.parse(
      execFileSync(`${BIN}/kubectl`, ['--kubeconfig', c.kubeconfigPath, 'version', '-o', 'json'], { encoding: 'utf8' })
    ) as {
      serverVersion: { gitVersion: string }
    }
    expect(version.serverVersion.gitVersion).toMatch(/^v1\.\d+\.\d+$/)
  })

  it('refuses the read-only token when it tries to create anything (403)', async () => {
    const viewer = new KubeConfig()
    viewer.loadFromFile(c.viewerKubeconfigPath)
    const api = viewer.makeApiClient(CoreV1Api)
    await expect(api.listNamespacedPod({ namespace: c.namespace })).resolves.toBeDefined()
    const err = await api
      .createNamespacedConfigMap({ namespace: c.namespace, body: { metadata: { name: 'nope' } } })
      .catch((e: unknown) => e)
    expect((err as { code?: number }).code).toBe(403)
  })
})

describe('pods behave like the real thing', () => {
  it('runs init containers to completion and keeps a native sidecar running', async () => {
    await apps().createNamespacedDeployment({
      namespace: c.namespace,
      body: {
        metadata: { name: 'auth' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'auth' } },
          template: {
            metadata: { labels: { app: 'auth' } },
            spec: {
              initContainers: [
                { name: 'auth-setup', image: 'auth:setup' },
                { name: 'telegraf', image: 'telegraf:alpine', restartPolicy: 'Always' }
              ],
              containers: [{ name: 'auth', image: 'auth:main' }]
            }
          }
        }
      }
    })
    await eventually('deployment Available', 30_000, async () => {
      const d = await apps().readNamespacedDeployment({ name: 'auth', namespace: c.namespace })
      return d.status?.conditions?.some((x) => x.type === 'Available' && x.status === 'True') === true ? d : undefined
    })
    const [pod] = await pods('app=auth')
    const init = pod?.status?.initContainerStatuses ?? []
    expect(init.find((s) => s.name === 'auth-setup')?.state?.terminated?.reason).toBe('Completed')
    expect(init.find((s) => s.name === 'telegraf')?.state?.running?.startedAt).toBeDefined()
    expect(pod?.status?.containerStatuses?.[0]?.ready).toBe(true)
  })

  it('binds a StatefulSet volumeClaimTemplate and gives a Service EndpointSlices', async () => {
    await core().createNamespacedService({
      namespace: c.namespace,
      body: { metadata: { name: 'postgres' }, spec: { selector: { app: 'postgres' }, ports: [{ port: 5432 }] } }
    })
    await apps().createNamespacedStatefulSet({
      namespace: c.namespace,
      body: {
        metadata: { name: 'postgres' },
        spec: {
          serviceName: 'postgres',
          replicas: 1,
          selector: { matchLabels: { app: 'postgres' } },
          template: {
            metadata: { labels: { app: 'postgres' } },
            spec: { containers: [{ name: 'postgres', image: 'postgres:13', ports: [{ containerPort: 5432 }] }] }
          },
          volumeClaimTemplates: [
            {
              metadata: { name: 'data' },
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } }
            }
          ]
        }
      }
    })
    const pvc = await eventually('PVC Bound', 30_000, async () => {
      const p = await core().readNamespacedPersistentVolumeClaim({ name: 'data-postgres-0', namespace: c.namespace })
      return p.status?.phase === 'Bound' ? p : undefined
    })
    expect(pvc.spec?.storageClassName).toBe('standard')
    const slice = await eventually('EndpointSlice with a ready endpoint', 30_000, async () => {
      const list = await c.kc
        .makeApiClient(DiscoveryV1Api)
        .listNamespacedEndpointSlice({ namespace: c.namespace, labelSelector: 'kubernetes.io/service-name=postgres' })
      return list.items.find((s) => (s.endpoints ?? []).some((e) => e.conditions?.ready === true))
    })
    expect(slice.ports?.[0]?.port).toBe(5432)
  })

  it('becomes Ready only after the delay its annotation asks for', async () => {
    const created = Date.now()
    await core().createNamespacedPod({
      namespace: c.namespace,
      body: {
        metadata: { name: 'slow', annotations: { 'pod-ready.stage.kwok.x-k8s.io/delay': '5s' } },
        spec: { containers: [{ name: 'app', image: 'slow' }] }
      }
    })
    const read = async (): Promise<V1Pod> => core().readNamespacedPod({ name: 'slow', namespace: c.namespace })
    await new Promise((r) => setTimeout(r, 2500))
    const early = await read()
    expect(early.status?.phase).toBe('Pending')
    expect(early.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ContainerCreating')
    const ready = await eventually('Ready', 20_000, async () => {
      const p = await read()
      return p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') === true ? p : undefined
    })
    const readyAt = new Date(ready.status?.containerStatuses?.[0]?.state?.running?.startedAt ?? 0).getTime()
    expect(readyAt - created).toBeGreaterThanOrEqual(4000)
  })

  it('crash-loops with a rising restartCount when labelled to', async () => {
    await core().createNamespacedPod({
      namespace: c.namespace,
      body: {
        metadata: { name: 'crashy', labels: { 'testcluster.local/crashloop': 'true' } },
        spec: { containers: [{ name: 'app', image: 'x' }] }
      }
    })
    const read = async (): Promise<V1Pod> => core().readNamespacedPod({ name: 'crashy', namespace: c.namespace })
    const first = await eventually('a first restart', 20_000, async () => {
      const p = await read()
      return (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 ? p : undefined
    })
    const before = first.status?.containerStatuses?.[0]?.restartCount ?? 0
    const later = await eventually('more restarts', 30_000, async () => {
      const p = await read()
      const s = p.status?.containerStatuses?.[0]
      return (s?.restartCount ?? 0) >= before + 2 && s?.state?.waiting?.reason === 'CrashLoopBackOff' ? p : undefined
    })
    expect(later.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode).toBe(1)
  })

  it('waits with ImagePullBackOff when labelled to fail its pull', async () => {
    await core().createNamespacedPod({
      namespace: c.namespace,
      body: {
        metadata: { name: 'nopull', labels: { 'testcluster.local/image-pull': 'fail' } },
        spec: { containers: [{ name: 'app', image: 'nope:404' }] }
      }
    })
    const p = await eventually('ImagePullBackOff', 20_000, async () => {
      const pod = await core().readNamespacedPod({ name: 'nopull', namespace: c.namespace })
      return pod.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff' ? pod : undefined
    })
    expect(p.status?.phase).toBe('Pending')
    expect(p.status?.containerStatuses?.[0]?.ready).toBe(false)
  })
})

describe('metrics', () => {
  it('serves PodMetrics from usage annotations and lets an HPA compute', async () => {
    await apps().createNamespacedDeployment({
      namespace: c.namespace,
      body: {
        metadata: { name: 'fp' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'fp' } },
          template: {
            metadata: {
              labels: { app: 'fp' },
              annotations: { 'kwok.x-k8s.io/usage-cpu': '300m', 'kwok.x-k8s.io/usage-memory': '200Mi' }
            },
            spec: {
              containers: [{ name: 'fp', image: 'fp', resources: { requests: { cpu: '500m', memory: '512Mi' } } }]
            }
          }
        }
      }
    })
    await c.kc.makeApiClient(AutoscalingV2Api).createNamespacedHorizontalPodAutoscaler({
      namespace: c.namespace,
      body: {
        metadata: { name: 'fp' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'fp' },
          minReplicas: 1,
          maxReplicas: 3,
          metrics: [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }
          ]
        }
      }
    })
    const metrics = new Metrics(c.kc)
    const pm = await eventually('PodMetrics', 90_000, async () => {
      const list = await metrics.getPodMetrics(c.namespace)
      // The first window can be partial; wait for one with usage in it.
      return list.items.find(
        (m) => m.metadata.name.startsWith('fp-') && cpuMilli(m.containers[0]?.usage.cpu ?? '0') > 0
      )
    })
    const milli = cpuMilli(pm.containers[0]?.usage.cpu ?? '')
    expect(milli).toBeGreaterThan(250)
    expect(milli).toBeLessThan(350)
    const hpa = await eventually('HPA current metrics', 90_000, async () => {
      const h = await c.kc
        .makeApiClient(AutoscalingV2Api)
        .readNamespacedHorizontalPodAutoscaler({ name: 'fp', namespace: c.namespace })
      return h.status?.currentMetrics?.[0]?.resource?.current.averageUtilization !== undefined ? h : undefined
    })
    // 300m used of 500m requested.
    expect(hpa.status?.currentMetrics?.[0]?.resource?.current.averageUtilization).toBeGreaterThanOrEqual(55)
    expect(hpa.status?.currentMetrics?.[0]?.resource?.current.averageUtilization).toBeLessThanOrEqual(65)
  }, 200_000)
})
