import type { ServerFrame } from '@contract'

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

const isErrorData = (v: unknown): boolean =>
  isRecord(v) && typeof v['code'] === 'string' && typeof v['message'] === 'string'

/**
 * Checks the shape a frame needs for routing. Payloads (values, events) are trusted to match
 * the contract: the server builds them from the same types.
 */
export function parseServerFrame(data: unknown): ServerFrame | undefined {
  if (typeof data !== 'string') return undefined
  let v: unknown
  try {
    v = JSON.parse(data)
  } catch {
    return undefined
  }
  if (!isRecord(v)) return undefined
  const id = v['id']
  const hasId = typeof id === 'number'
  switch (v['type']) {
    case 'result':
      if (!hasId || typeof v['ok'] !== 'boolean') return undefined
      return v['ok'] === true || isErrorData(v['error']) ? (v as ServerFrame) : undefined
    case 'event':
      return hasId ? (v as ServerFrame) : undefined
    case 'end':
      return hasId && (v['error'] === undefined || isErrorData(v['error'])) ? (v as ServerFrame) : undefined
    case 'error':
      return (id === undefined || hasId) && isErrorData(v['error']) ? (v as ServerFrame) : undefined
    default:
      return undefined
  }
}
