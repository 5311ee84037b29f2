import type { PortMapping } from '../../contract/models.ts'

/**
 * The host <-> node port table of the Layer8 design (layer8-kubernetes-architecture.md,
 * "Kind Cluster Port Mappings"), plus the three service-provider ports upstream also maps.
 * The node side never changes; only the host side can be remapped.
 */
export const DESIGN_PORTS: readonly PortMapping[] = [
  { hostPort: 80, containerPort: 80, purpose: 'Ingress HTTP' },
  { hostPort: 443, containerPort: 443, purpose: 'Ingress HTTPS' },
  { hostPort: 5001, containerPort: 30001, purpose: 'Auth server' },
  { hostPort: 5432, containerPort: 30432, purpose: 'PostgreSQL' },
  { hostPort: 6191, containerPort: 30191, purpose: 'Forward proxy' },
  { hostPort: 8086, containerPort: 30086, purpose: 'InfluxDB' },
  { hostPort: 6193, containerPort: 30193, purpose: 'Reverse proxy (sp1)' },
  { hostPort: 5173, containerPort: 30173, purpose: 'SPA frontend (sp1)' },
  { hostPort: 3000, containerPort: 30000, purpose: 'SPA backend (sp1)' }
]

export const DESIGN_HOST_PORTS: readonly number[] = DESIGN_PORTS.map((p) => p.hostPort)

export function purposeOfPort(port: number): string {
  return DESIGN_PORTS.find((p) => p.hostPort === port)?.purpose ?? `port ${port}`
}

export const CLUSTER_NAME = 'layer8-dev-001'
export const POD_SUBNET = '10.244.0.0/16'
export const SERVICE_SUBNET = '10.96.0.0/16'

/**
 * What the Docker engine must give the cluster. The design's requests add up to about
 * 4.5 CPUs and 5 GiB for the apps (forward proxy 3 x 500m/512Mi, auth 2 x 250m/256Mi,
 * reverse proxy 2 x 250m/512Mi, SPA 2 x (100m/128Mi + 250m/256Mi), PostgreSQL, InfluxDB and
 * a 50m/64Mi Telegraf sidecar per app pod); three kind nodes add about 1.5 GiB.
 */
export const STACK_NEEDS = {
  recommendedCpus: 6,
  minimumCpus: 2,
  recommendedMemoryBytes: 8 * 1024 ** 3,
  minimumMemoryBytes: 4 * 1024 ** 3,
  recommendedDiskBytes: 20 * 1024 ** 3,
  minimumDiskBytes: 8 * 1024 ** 3
} as const
