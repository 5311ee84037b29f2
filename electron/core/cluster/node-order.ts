import type { NodeContainer } from '../kind/kind-cli.ts'

/** The control plane first, so the workers' kubelets find their API server when they start. */
export function controlPlaneFirst(nodes: readonly NodeContainer[]): NodeContainer[] {
  return [...nodes.filter((n) => n.role === 'control-plane'), ...nodes.filter((n) => n.role !== 'control-plane')]
}
