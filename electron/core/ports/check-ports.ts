import type { PortStatus } from '../../contract/models.ts'
import type { Runner } from '../process/run.ts'
import { purposeOfPort } from '../stack/design.ts'
import { findHolderLinux } from './holders-linux.ts'
import { findPortHolder } from './holders.ts'
import { probePort } from './probe.ts'

export interface PortCheckDeps {
  platform: NodeJS.Platform
  run: Runner
}

export async function checkPorts(ports: readonly number[], deps: PortCheckDeps): Promise<PortStatus[]> {
  return Promise.all(
    ports.map(async (port): Promise<PortStatus> => {
      const purpose = purposeOfPort(port)
      const outcome = await probePort(port)
      if (outcome === 'free') return { port, purpose, free: true }
      if (outcome === 'no-permission') {
        // Below 1024 an unprivileged process may not bind, but the Docker engine (root) can.
        // Linux still tells who listens there, without privileges.
        const holder = deps.platform === 'linux' ? await findHolderLinux(port) : undefined
        if (holder !== undefined) return { port, purpose, free: false, holder }
        return { port, purpose, free: true, note: 'privileged port: only checked by Docker at create time' }
      }
      const holder = await findPortHolder(port, deps.platform, deps.run)
      return holder === undefined ? { port, purpose, free: false } : { port, purpose, free: false, holder }
    })
  )
}
