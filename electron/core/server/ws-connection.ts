import type { WebSocket } from 'ws'

import type { Disposable } from '../../contract/client.ts'
import { MAX_FRAME_BYTES, type ServerFrame } from '../../contract/wire.ts'
import type { Dispatcher } from '../rpc/dispatch.ts'

/** Past this much unsent data the client is not keeping up; its streams are ended. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024
const MAX_SUBSCRIPTIONS = 256

type Frame = { type: string; id?: unknown; [k: string]: unknown }

function parseFrame(data: string): Frame | undefined {
  try {
    const v: unknown = JSON.parse(data)
    return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as Frame).type === 'string'
      ? (v as Frame)
      : undefined
  } catch {
    return undefined
  }
}

/** One browser connection: calls, subscriptions it owns, and their cleanup when it drops. */
export function serveConnection(ws: WebSocket, dispatcher: Dispatcher): void {
  const subs = new Map<number, Disposable>()
  const send = (frame: ServerFrame): void => {
    if (ws.readyState !== ws.OPEN) return
    // Streams give way to a slow page; answers to calls always go out, or a call would hang.
    if (frame.type === 'event' && ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      for (const [id, d] of subs) {
        d.dispose()
        ws.send(
          JSON.stringify({
            type: 'end',
            id,
            error: { code: 'TIMEOUT', message: 'The page fell behind; stream stopped.' }
          })
        )
      }
      subs.clear()
      return
    }
    ws.send(JSON.stringify(frame))
  }

  ws.on('message', (raw, isBinary) => {
    const size = Array.isArray(raw) ? raw.reduce((n, b) => n + b.length, 0) : raw.byteLength
    const text = Buffer.isBuffer(raw)
      ? raw.toString('utf8')
      : Array.isArray(raw)
        ? Buffer.concat(raw).toString('utf8')
        : Buffer.from(raw).toString('utf8')
    const frame = isBinary ? undefined : parseFrame(text)
    const id = typeof frame?.id === 'number' && Number.isSafeInteger(frame.id) ? frame.id : undefined
    if (size > MAX_FRAME_BYTES) {
      // Answer with the id when the frame says one, so the caller's promise settles.
      const error = { code: 'PAYLOAD_TOO_LARGE' as const, message: `Frames are limited to ${MAX_FRAME_BYTES} bytes.` }
      return send(
        id === undefined
          ? { type: 'error', error }
          : frame?.type === 'call'
            ? { type: 'result', id, ok: false, error }
            : { type: 'error', id, error }
      )
    }
    if (frame === undefined || id === undefined) {
      return send({
        type: 'error',
        error: { code: 'BAD_REQUEST', message: 'Malformed frame: expected a JSON object with a type and a numeric id.' }
      })
    }
    switch (frame.type) {
      case 'call':
        void dispatcher
          .call(frame['name'], frame['params'])
          .then((r) =>
            send(
              r.ok
                ? { type: 'result', id, ok: true, value: r.value }
                : { type: 'result', id, ok: false, error: r.error }
            )
          )
        return
      case 'subscribe': {
        if (subs.has(id))
          return send({
            type: 'error',
            id,
            error: { code: 'BAD_REQUEST', message: `Subscription id ${id} is in use.` }
          })
        if (subs.size >= MAX_SUBSCRIPTIONS) {
          return send({
            type: 'end',
            id,
            error: { code: 'BAD_REQUEST', message: 'Too many subscriptions on one connection.' }
          })
        }
        const r = dispatcher.subscribe(frame['topic'], frame['params'], {
          event: (event) => send({ type: 'event', id, event }),
          end: (error) => {
            subs.delete(id)
            send(error === undefined ? { type: 'end', id } : { type: 'end', id, error })
          }
        })
        if (!r.ok) return send({ type: 'end', id, error: r.error })
        subs.set(id, r.value)
        return
      }
      case 'unsubscribe':
        subs.get(id)?.dispose()
        subs.delete(id)
        return
      default:
        return send({
          type: 'error',
          id,
          error: { code: 'BAD_REQUEST', message: `Unknown frame type ${JSON.stringify(frame.type)}.` }
        })
    }
  })

  ws.on('close', () => {
    for (const d of subs.values()) d.dispose()
    subs.clear()
  })
  ws.on('error', () => ws.terminate())
}
