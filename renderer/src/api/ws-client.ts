import {
  AUTH_PATH,
  MAX_FRAME_BYTES,
  type ApiClient,
  type AppErrorData,
  type ClientFrame,
  type CommandName,
  type CommandParams,
  type CommandResult,
  type ConnectionState,
  type Disposable,
  type Result,
  type SubscriptionHandlers,
  type TopicEvent,
  type TopicName,
  type TopicParams
} from '@contract'

import { parseServerFrame } from './server-frame.ts'

// Part of this module's surface: whoever makes a WebSocket client needs its URL.
export { wsUrlFromLocation } from './ws-url.ts'

export interface Backoff {
  initialMs: number
  maxMs: number
}

export interface WsClientOptions {
  url: string
  /** Injected by tests; the browser's own WebSocket otherwise. */
  WebSocketImpl?: typeof WebSocket
  /**
   * Asked when a connection fails before opening: false means the server refuses this page's
   * token, so retrying is pointless. Defaults to a GET of the server's auth path.
   */
  isAuthorised?: () => Promise<boolean | undefined>
  backoff?: Backoff
}

/** The browser face's client. Unlike the desktop one it can be closed for good. */
export interface WsClient extends ApiClient {
  close(): void
}

const DEFAULT_BACKOFF: Backoff = { initialMs: 250, maxMs: 5000 }
const LOST: AppErrorData = { code: 'CANCELLED', message: 'Connection to Layer8 Desktop lost; retrying.' }
const CLOSED: AppErrorData = { code: 'CANCELLED', message: 'The connection to Layer8 Desktop was closed.' }
const REFUSED: AppErrorData = {
  code: 'BAD_REQUEST',
  message: 'Layer8 Desktop no longer accepts this page (it restarted with a new token).',
  hint: 'Open the URL that "l8dev serve" printed.'
}

/** ws(s)://host/ws?token=t -> http(s)://host/auth?token=t. Undefined for an unusual URL. */
function authUrl(wsUrl: string): string | undefined {
  try {
    const u = new URL(wsUrl)
    u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:'
    u.pathname = AUTH_PATH
    return u.toString()
  } catch {
    return undefined
  }
}

async function askServer(wsUrl: string): Promise<boolean | undefined> {
  const url = authUrl(wsUrl)
  if (url === undefined) return undefined
  try {
    const res = await fetch(url, { credentials: 'same-origin', cache: 'no-store' })
    return res.status === 401 || res.status === 403 ? false : true
  } catch {
    return undefined // server down: keep retrying
  }
}
const TOO_LARGE: AppErrorData = {
  code: 'PAYLOAD_TOO_LARGE',
  message: `The request is larger than ${MAX_FRAME_BYTES} bytes.`
}

interface Subscription {
  topic: string
  params: unknown
  onEvent(event: unknown): void
  onEnd(error?: AppErrorData): void
  /** Id of the 'subscribe' frame on the current socket; ids never carry over to a new socket. */
  wireId?: number
}

/** The server answers an oversized frame with an id-less error, which no pending call could match. */
function encode(frame: ClientFrame): string | undefined {
  const text = JSON.stringify(frame)
  if (text.length * 3 <= MAX_FRAME_BYTES) return text
  return new TextEncoder().encode(text).length <= MAX_FRAME_BYTES ? text : undefined
}

export function createWsClient(options: WsClientOptions): WsClient {
  const Impl = options.WebSocketImpl ?? WebSocket
  const backoff = options.backoff ?? DEFAULT_BACKOFF
  let state: ConnectionState = 'connecting'
  let socket: WebSocket | undefined
  let open = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let delay = backoff.initialMs
  let nextId = 1
  const pending = new Map<number, (result: Result<unknown>) => void>()
  // Calls made before the very first open wait for it, so the page's first requests do not fail.
  const outbox: string[] = []
  const subs = new Set<Subscription>()
  const byWireId = new Map<number, Subscription>()
  const listeners = new Set<(state: ConnectionState) => void>()

  const setState = (next: ConnectionState): void => {
    if (state === next) return
    state = next
    for (const listener of [...listeners]) listener(next)
  }

  const failPending = (error: AppErrorData): void => {
    const resolvers = [...pending.values()]
    pending.clear()
    for (const resolve of resolvers) resolve({ ok: false, error })
  }

  const forget = (sub: Subscription): void => {
    subs.delete(sub)
    if (sub.wireId !== undefined) byWireId.delete(sub.wireId)
  }

  const sendSubscribe = (ws: WebSocket, sub: Subscription): void => {
    const id = nextId++
    const text = encode({ type: 'subscribe', id, topic: sub.topic, params: sub.params })
    if (text === undefined) {
      forget(sub)
      sub.onEnd(TOO_LARGE)
      return
    }
    sub.wireId = id
    byWireId.set(id, sub)
    ws.send(text)
  }

  const onFrame = (data: unknown): void => {
    const frame = parseServerFrame(data)
    if (frame === undefined) return console.warn('Layer8 Desktop sent a frame this page cannot read.')
    if (frame.type === 'result') {
      const resolve = pending.get(frame.id)
      pending.delete(frame.id)
      resolve?.(frame.ok ? { ok: true, value: frame.value } : { ok: false, error: frame.error })
      return
    }
    if (frame.type === 'event') return byWireId.get(frame.id)?.onEvent(frame.event)
    if (frame.type === 'end') {
      const sub = byWireId.get(frame.id)
      if (sub === undefined) return
      forget(sub)
      return sub.onEnd(frame.error)
    }
    // The server names the request an error is about when it could read its id.
    const resolve = frame.id === undefined ? undefined : pending.get(frame.id)
    const sub = frame.id === undefined ? undefined : byWireId.get(frame.id)
    if (resolve !== undefined && frame.id !== undefined) {
      pending.delete(frame.id)
      return resolve({ ok: false, error: frame.error })
    }
    if (sub !== undefined) {
      forget(sub)
      return sub.onEnd(frame.error)
    }
    console.warn(`Layer8 Desktop: ${frame.error.code}: ${frame.error.message}`)
  }

  const scheduleReconnect = (): void => {
    const wait = delay
    delay = Math.min(delay * 2, backoff.maxMs)
    timer = setTimeout(() => {
      timer = undefined
      connect()
    }, wait)
  }

  const connect = (): void => {
    let ws: WebSocket
    try {
      ws = new Impl(options.url)
    } catch (err) {
      console.warn('Layer8 Desktop: cannot open the WebSocket.', err)
      setState('reconnecting')
      return scheduleReconnect()
    }
    socket = ws
    ws.onopen = () => {
      if (socket !== ws) return
      open = true
      delay = backoff.initialMs
      for (const text of outbox.splice(0)) ws.send(text)
      for (const sub of [...subs]) sendSubscribe(ws, sub)
      setState('open')
    }
    ws.onmessage = (event: MessageEvent<unknown>) => {
      if (socket === ws) onFrame(event.data)
    }
    // A failed socket always closes too, and the close is where recovery starts. The no-op
    // handler still matters: Node's `ws` (tests, CLI) throws an error event nobody listens to.
    ws.onerror = () => undefined
    ws.onclose = () => {
      if (socket !== ws) return
      const neverOpened = !open
      socket = undefined
      open = false
      outbox.length = 0
      byWireId.clear()
      for (const sub of subs) sub.wireId = undefined
      if (!neverOpened) {
        failPending(LOST)
        setState('reconnecting')
        return scheduleReconnect()
      }
      // Refused at the door: a stale token never gets better, so find out before retrying.
      void (options.isAuthorised ?? (() => askServer(options.url)))().then((authorised) => {
        if (state === 'closed') return
        if (authorised === false) {
          failPending(REFUSED)
          for (const sub of [...subs]) {
            forget(sub)
            sub.onEnd(REFUSED)
          }
          return setState('unauthorised')
        }
        failPending(LOST)
        setState('reconnecting')
        scheduleReconnect()
      })
    }
  }

  function call<N extends CommandName>(name: N, params: CommandParams<N>): Promise<Result<CommandResult<N>>> {
    return new Promise((resolve) => {
      if (state === 'closed') return resolve({ ok: false, error: CLOSED })
      if (state === 'unauthorised') return resolve({ ok: false, error: REFUSED })
      if (!open && state !== 'connecting') return resolve({ ok: false, error: LOST })
      const id = nextId++
      const text = encode({ type: 'call', id, name, params })
      if (text === undefined) return resolve({ ok: false, error: TOO_LARGE })
      // The wire is untyped; the server answers with the contract's result for `name`.
      pending.set(id, (result) => resolve(result as Result<CommandResult<N>>))
      if (open && socket !== undefined) socket.send(text)
      else outbox.push(text)
    })
  }

  function subscribe<N extends TopicName>(
    topic: N,
    params: TopicParams<N>,
    handlers: SubscriptionHandlers<N>
  ): Disposable {
    const sub: Subscription = {
      topic,
      params,
      onEvent: (event) => handlers.onEvent(event as TopicEvent<N>),
      onEnd: (error) => handlers.onEnd?.(error)
    }
    if (state === 'closed') {
      queueMicrotask(() => sub.onEnd(CLOSED))
      return { dispose: () => undefined }
    }
    subs.add(sub)
    if (open && socket !== undefined) sendSubscribe(socket, sub)
    return {
      dispose: () => {
        if (!subs.has(sub)) return
        const wireId = sub.wireId
        forget(sub)
        if (wireId !== undefined && open && socket !== undefined) {
          socket.send(JSON.stringify({ type: 'unsubscribe', id: wireId } satisfies ClientFrame))
        }
      }
    }
  }

  connect()

  return {
    call,
    subscribe,
    get connection() {
      return state
    },
    onConnectionChange(listener) {
      listeners.add(listener)
      return { dispose: () => void listeners.delete(listener) }
    },
    close() {
      if (state === 'closed') return
      if (timer !== undefined) clearTimeout(timer)
      const ws = socket
      socket = undefined
      open = false
      setState('closed')
      ws?.close()
      failPending(CLOSED)
      const ended = [...subs]
      subs.clear()
      byWireId.clear()
      for (const sub of ended) sub.onEnd(CLOSED)
    }
  }
}
