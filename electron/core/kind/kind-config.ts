import { stringify } from 'yaml'

import type { PortMapping, PortRemap } from '../../contract/index.ts'
import { AppError } from '../app-error.ts'
import { CLUSTER_NAME, DESIGN_PORTS, POD_SUBNET, SERVICE_SUBNET } from '../stack/design.ts'

/** Node image of kind v0.33.0 for Kubernetes 1.36.4; the digest makes kind use exactly it. */
export const NODE_IMAGE = 'kindest/node:v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed'

export interface KindClusterOptions {
  name: string
  workers: number
  ports: PortMapping[]
  listenAddress: '127.0.0.1' | '0.0.0.0'
  /** containerd registry mirrors live in /etc/containerd/certs.d when set. */
  registryConfigPath: boolean
  /** Defaults to NODE_IMAGE. */
  nodeImage?: string
  /** The engine runs cgroup v1, which the 1.36 kubelet refuses unless told not to. */
  cgroupV1?: boolean
}

interface KindPortMapping {
  containerPort: number
  hostPort: number
  listenAddress: string
  protocol: 'TCP'
}

interface KindNode {
  role: 'control-plane' | 'worker'
  image: string
  kubeadmConfigPatches?: string[]
  extraPortMappings?: KindPortMapping[]
}

export interface KindCluster {
  kind: 'Cluster'
  apiVersion: 'kind.x-k8s.io/v1alpha4'
  name: string
  networking: { podSubnet: string; serviceSubnet: string }
  nodes: KindNode[]
  kubeadmConfigPatches?: string[]
  containerdConfigPatches?: string[]
}

export const INGRESS_NODE_LABEL = 'ingress-ready=true'

/**
 * The ingress node label, as the kubelet argument kubeadm passes on the control plane. Written
 * in the map form: kind (0.32 and later) merges kubeletExtraArgs by name into kubeadm v1beta4's
 * list, so its own node-ip and provider-id stay; older kind merges the v1beta3 map key by key.
 * It sets the whole node-labels value, so labels go here and never through kind's `labels`.
 */
export const INGRESS_LABEL_PATCH = [
  'kind: InitConfiguration',
  'nodeRegistration:',
  '  kubeletExtraArgs:',
  `    node-labels: "${INGRESS_NODE_LABEL}"`,
  ''
].join('\n')

/** Every node's kubelet: run on a cgroup v1 host (deprecated upstream, refused by default). */
export const CGROUP_V1_PATCH = ['kind: KubeletConfiguration', 'failCgroupV1: false', ''].join('\n')

const REGISTRY_PATCH = '[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = "/etc/containerd/certs.d"\n'

const NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

// registry[:port]/path[:tag][@sha256:digest], as the distribution reference grammar allows.
const IMAGE_RE =
  /^[a-z0-9]+([._-][a-z0-9]+)*(\.[a-z0-9-]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?$/

export function validateNodeImage(image: string): void {
  if (!IMAGE_RE.test(image) || !/[:@]/.test(image.slice(image.lastIndexOf('/') + 1))) {
    throw new AppError('INVALID_CONFIG', `"${image}" is not an image reference with a tag or digest.`, {
      hint: `Give a node image like ${NODE_IMAGE.slice(0, NODE_IMAGE.indexOf('@'))}, with its tag (and digest if you have it).`
    })
  }
}

/** Checks what a user typed, before anything is created. */
export function validateClusterName(name: string): void {
  if (name.length === 0 || name.length > 50 || !NAME_RE.test(name)) {
    throw new AppError('INVALID_CONFIG', `"${name}" is not a valid cluster name.`, {
      hint: 'Use 1 to 50 lower-case letters, digits and dashes, starting and ending with a letter or digit.'
    })
  }
}

/** The design's port table with the user's remaps applied; NodePorts stay as they are. */
export function applyRemaps(remaps: readonly PortRemap[]): PortMapping[] {
  const seenFrom = new Set<number>()
  for (const r of remaps) {
    for (const p of [r.from, r.to]) {
      if (!Number.isInteger(p) || p < 1 || p > 65535) {
        throw new AppError('INVALID_CONFIG', `Port ${p} is out of range.`, {
          hint: 'Ports are whole numbers from 1 to 65535.'
        })
      }
    }
    if (!DESIGN_PORTS.some((d) => d.hostPort === r.from)) {
      throw new AppError('INVALID_CONFIG', `Port ${r.from} is not one of the ports the cluster maps.`, {
        hint: `Remap one of ${DESIGN_PORTS.map((d) => d.hostPort).join(', ')}.`
      })
    }
    if (seenFrom.has(r.from)) {
      throw new AppError('INVALID_CONFIG', `Port ${r.from} is remapped twice.`, {
        hint: 'Give each port one new value.'
      })
    }
    seenFrom.add(r.from)
  }
  const ports = DESIGN_PORTS.map((d) => ({
    ...d,
    hostPort: remaps.find((r) => r.from === d.hostPort)?.to ?? d.hostPort
  }))
  const used = new Map<number, string>()
  for (const p of ports) {
    const other = used.get(p.hostPort)
    if (other !== undefined) {
      throw new AppError('INVALID_CONFIG', `Host port ${p.hostPort} is given twice (${other} and ${p.purpose}).`, {
        hint: 'Choose a different host port for one of them.'
      })
    }
    used.set(p.hostPort, p.purpose)
  }
  return ports
}

export function buildKindConfig(o: KindClusterOptions): KindCluster {
  validateClusterName(o.name)
  if (!Number.isInteger(o.workers) || o.workers < 0 || o.workers > 10) {
    throw new AppError('INVALID_CONFIG', `A cluster needs 1 to 11 nodes (got ${o.workers + 1}).`, {
      hint: 'Use --workers with a number from 0 to 10.'
    })
  }
  const image = o.nodeImage ?? NODE_IMAGE
  if (o.nodeImage !== undefined) validateNodeImage(o.nodeImage)
  const controlPlane: KindNode = {
    role: 'control-plane',
    image,
    kubeadmConfigPatches: [INGRESS_LABEL_PATCH],
    extraPortMappings: o.ports.map((p) => ({
      containerPort: p.containerPort,
      hostPort: p.hostPort,
      listenAddress: o.listenAddress,
      protocol: 'TCP'
    }))
  }
  const workers: KindNode[] = Array.from({ length: o.workers }, () => ({ role: 'worker', image }))
  return {
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    name: o.name,
    networking: { podSubnet: POD_SUBNET, serviceSubnet: SERVICE_SUBNET },
    nodes: [controlPlane, ...workers],
    ...(o.cgroupV1 === true ? { kubeadmConfigPatches: [CGROUP_V1_PATCH] } : {}),
    ...(o.registryConfigPath ? { containerdConfigPatches: [REGISTRY_PATCH] } : {})
  }
}

export function kindConfigYaml(config: KindCluster): string {
  return stringify(config, { lineWidth: 0 })
}

export const DEFAULT_CLUSTER = { name: CLUSTER_NAME, workers: 2 } as const
