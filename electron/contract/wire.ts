import type { AppErrorData } from './errors.ts'

/**
 * Frames of the browser face's WebSocket. Every request carries a client-chosen id; the
 * server answers with the same id. Subscriptions are identified by the id that opened them.
 */
export type ClientFrame =
  | { type: 'call'; id: number; name: string; params: unknown }
  | { type: 'subscribe'; id: number; topic: string; params: unknown }
  | { type: 'unsubscribe'; id: number }

export type ServerFrame =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: AppErrorData }
  | { type: 'event'; id: number; event: unknown }
  | { type: 'end'; id: number; error?: AppErrorData }
  /** A frame the server could not read at all; the connection stays open. */
  | { type: 'error'; id?: number; error: AppErrorData }

/** Largest frame either side sends; larger ones are refused with PAYLOAD_TOO_LARGE. */
export const MAX_FRAME_BYTES = 1024 * 1024
export const WS_PATH = '/ws'
/** Answers 204 to an authorised request and 401 otherwise: how a page learns its token is stale. */
export const AUTH_PATH = '/auth'
export const TOKEN_PARAM = 'token'
