import type { PortMapping } from '../../contract/models.ts'

/**
 * The host <-> node port table of the Layer8 design (layer8-kubernetes-architecture.md,
 * "Kind Cluster Port Mappings"), plus the three service-provider ports upstream also maps.
 * The node side never changes; only the host side can be remapped.
 */
const mapping = (hostPort: number, containerPort: number, purpose: string): PortMapping => ({
  hostPort,
  containerPort,
  purpose,
  designHostPort: hostPort
})

export const DESIGN_PORTS: readonly PortMapping[] = [
  mapping(80, 80, 'Ingress HTTP'),
  mapping(443, 443, 'Ingress HTTPS'),
  mapping(5001, 30001, 'Auth server'),
  mapping(5432, 30432, 'PostgreSQL'),
  mapping(6191, 30191, 'Forward proxy'),
  mapping(8086, 30086, 'InfluxDB'),
  mapping(6193, 30193, 'Reverse proxy (sp1)'),
  mapping(5173, 30173, 'SPA frontend (sp1)'),
  mapping(3000, 30000, 'SPA backend (sp1)')
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
