import { AppError } from '../app-error.ts'
import type { KindCli, NodeContainer } from '../kind/kind-cli.ts'
import { checkPorts, type PortCheckDeps } from '../ports/check-ports.ts'
import { DESIGN_PORTS } from '../stack/design.ts'

const API_PORT = 6443

/**
 * A stopped kind cluster keeps the host ports it was created with. Another program may have
 * taken one since; Docker would then fail the start with "address already in use" and no
 * name, so the ports are checked first and the error says who holds which.
 */
export async function assertStartPortsFree(
  cli: KindCli,
  cluster: string,
  nodes: readonly NodeContainer[],
  deps: PortCheckDeps
): Promise<void> {
  const controlPlane = nodes.find((n) => n.role === 'control-plane')
  if (controlPlane === undefined || controlPlane.running) return
  const bindings = await cli.portBindings(controlPlane.name)
  const purposeOf = new Map<number, string>(DESIGN_PORTS.map((p) => [p.containerPort, p.purpose]))
  purposeOf.set(API_PORT, 'Kubernetes API')
  const byHost = new Map([...bindings].map(([container, host]) => [host, container]))
  const taken = (await checkPorts([...byHost.keys()], deps)).filter((p) => !p.free)
  const first = taken[0]
  if (first === undefined) return
  const who = first.holder?.process ?? (first.holder?.pid !== undefined ? `pid ${first.holder.pid}` : 'another process')
  const purpose = purposeOf.get(byHost.get(first.port) ?? 0) ?? `port ${first.port}`
  throw new AppError('PORT_IN_USE', `Host port ${first.port} (${purpose}) of ${cluster} is in use by ${who}.`, {
    hint: `Stop ${who}, then start again. A kind cluster keeps the host ports it was created with; for others, delete it and create it with --port.`,
    details: { ports: taken }
  })
}
