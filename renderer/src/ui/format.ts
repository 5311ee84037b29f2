import type { PortHolder, PortStatus } from '@contract'

export function describeHolder(holder: PortHolder | undefined): string {
  if (holder?.process !== undefined && holder.pid !== undefined) return `${holder.process} (pid ${holder.pid})`
  if (holder?.process !== undefined) return holder.process
  if (holder?.pid !== undefined) return `pid ${holder.pid}`
  return 'another process'
}

/** Tenths of a second: steps range from under a second to minutes. */
export function formatSeconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/** PORT_IN_USE errors list the taken ports in `details.ports`; anything else yields []. */
export function portsInDetails(details: Record<string, unknown> | undefined): PortStatus[] {
  const list = details?.['ports']
  if (!Array.isArray(list)) return []
  return list.filter(
    (p): p is PortStatus => isRecord(p) && typeof p['port'] === 'number' && typeof p['purpose'] === 'string'
  )
}
