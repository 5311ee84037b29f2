/**
 * Errors cross every boundary (IPC, WebSocket, CLI) as data, never as thrown objects:
 * Electron drops custom error fields and a browser cannot rebuild a Node error.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNKNOWN_COMMAND',
  'INVALID_PARAMS',
  'PAYLOAD_TOO_LARGE',
  'DOCKER_NOT_FOUND',
  'DOCKER_UNAVAILABLE',
  'KIND_NOT_FOUND',
  'KIND_TOO_OLD',
  'PORT_IN_USE',
  'INVALID_CONFIG',
  'KUBECONFIG_INVALID',
  'CLUSTER_NOT_FOUND',
  'NOT_SUPPORTED',
  'BUSY',
  'COMMAND_FAILED',
  'KUBE_API',
  'TIMEOUT',
  'CANCELLED',
  'INTERNAL'
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface AppErrorData {
  code: ErrorCode
  /** What went wrong, in a sentence a user understands. */
  message: string
  /** The next step the user can take, when there is one. */
  hint?: string
  /** Extra machine-readable context (e.g. the port and the process holding it). */
  details?: Record<string, unknown>
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData }
