import { stringify } from 'yaml'

export const NODE_NAMES = ['l8-control-plane', 'l8-worker', 'l8-worker2']

/**
 * Nodes shaped like a three-node kind cluster (the control plane tainted and labelled
 * ingress-ready), with no addresses: kwok fills in localhost. kwok's default node template
 * is never used, since its 192.0.2.x addresses are real hosts on some build machines.
 */
function node(name: string): object {
  const controlPlane = name === 'l8-control-plane'
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: {
        'kwok.x-k8s.io/node': 'fake',
        'node.alpha.kubernetes.io/ttl': '0',
        'metrics.k8s.io/resource-metrics-path': `/metrics/nodes/${name}/metrics/resource`
      },
      labels: {
        type: 'kwok',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'ingress-ready': 'true' } : {})
      }
    },
    spec: controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {},
    status: {
      allocatable: { cpu: '8', memory: '16Gi', pods: '110' },
      capacity: { cpu: '8', memory: '16Gi', pods: '110' }
    }
  }
}

export function clusterObjects(metricsPort: number | undefined): string {
  const objects = [
    {
      // Named like kind's default class, so manifests written for kind bind here too.
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'kubernetes.io/host-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate'
    },
    ...NODE_NAMES.map(node),
    ...(metricsPort === undefined ? [] : metricsObjects(metricsPort))
  ]
  return objects.map((o) => stringify(o)).join('---\n')
}

function metricsObjects(metricsPort: number): object[] {
  return [
    {
      // The aggregator resolves ExternalName to the host: metrics-server runs as a process here.
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'metrics-server', namespace: 'kube-system' },
      spec: {
        type: 'ExternalName',
        externalName: '127.0.0.1',
        ports: [{ name: 'https', port: metricsPort, protocol: 'TCP' }]
      }
    },
    {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1beta1.metrics.k8s.io' },
      spec: {
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        insecureSkipTLSVerify: true,
        groupPriorityMinimum: 100,
        versionPriority: 100,
        service: { namespace: 'kube-system', name: 'metrics-server', port: metricsPort }
      }
    }
  ]
}
