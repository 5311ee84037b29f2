import { randomBytes, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

import { WebSocketServer, type WebSocket } from 'ws'

import { AUTH_PATH, MAX_FRAME_BYTES, TOKEN_PARAM, WS_PATH } from '../../contract/wire.ts'
import { AppError } from '../app-error.ts'
import type { Dispatcher } from '../rpc/dispatch.ts'
import { readStatic } from './static-files.ts'
import { serveConnection } from './ws-connection.ts'

export interface WebServerOptions {
  dispatcher: Dispatcher
  /** The built renderer (out/renderer); without it only the WebSocket is served. */
  staticDir?: string
  host?: string
  /** 0 picks a free port. */
  port?: number
  token?: string
}

export interface WebServer {
  url: string
  port: number
  token: string
  /** Live WebSocket connections; tests use it to prove cleanup. */
  readonly connections: number
  close(): Promise<void>
}

const COOKIE = 'l8session'

function sameSecret(a: string | undefined | null, b: string): boolean {
  if (a === undefined || a === null) return false
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return undefined
}

/**
 * The browser face. Only this machine may connect (127.0.0.1), and only a page this server
 * handed the per-run token to: a web page open in the user's browser must never be able to
 * drive their cluster, so requests need the token (or the session cookie it sets), a Host
 * header naming this server (against DNS rebinding) and, for the WebSocket, this Origin.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1'
  const token = options.token ?? randomBytes(24).toString('base64url')
  const staticDir = options.staticDir === undefined ? undefined : path.resolve(options.staticDir)
  let port = 0
  const allowedHosts = (): string[] => [`${host}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`]

  const refuse = (res: http.ServerResponse, status: number, message: string): void => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
    res.end(message + '\n')
  }

  const authorised = (req: http.IncomingMessage, url: URL): boolean =>
    sameSecret(url.searchParams.get(TOKEN_PARAM), token) || sameSecret(cookieValue(req.headers.cookie, COOKIE), token)

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `http://${host}`)
      if (!allowedHosts().includes(req.headers.host ?? ''))
        return refuse(res, 403, 'Forbidden: unexpected Host header.')
      if (!authorised(req, url)) {
        return refuse(res, 401, 'Unauthorised: open the URL printed by "l8dev serve", with its token.')
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.')
      if (url.pathname === AUTH_PATH) {
        res.writeHead(204, { 'cache-control': 'no-store' })
        return res.end()
      }
      if (staticDir === undefined) return refuse(res, 404, 'No UI is served here.')
      const file = await readStatic(staticDir, url.pathname)
      if (file === undefined) return refuse(res, 404, 'Not found.')
      res.writeHead(200, {
        'content-type': file.type,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'content-security-policy':
          "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
        // The token stays out of later URLs: the page keeps working through this cookie.
        'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
      })
      res.end(req.method === 'HEAD' ? undefined : file.body)
    })().catch(() => refuse(res, 500, 'Internal error.'))
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES * 2 })
  const sockets = new Set<WebSocket>()

  server.on('upgrade', (req, socket, head) => {
    // Node drops the socket's error listener before 'upgrade': a reset here would crash us.
    socket.on('error', () => socket.destroy())
    const url = new URL(req.url ?? '/', `http://${host}`)
    const origin = req.headers.origin
    const okOrigin = origin !== undefined && allowedHosts().some((h) => origin === `http://${h}`)
    const reject = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    if (url.pathname !== WS_PATH) return reject(404, 'Not Found')
    if (!allowedHosts().includes(req.headers.host ?? '')) return reject(403, 'Forbidden')
    if (!okOrigin) return reject(403, 'Forbidden')
    if (!authorised(req, url)) return reject(401, 'Unauthorized')
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      ws.once('close', () => sockets.delete(ws))
      serveConnection(ws, options.dispatcher)
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new AppError('PORT_IN_USE', `Port ${options.port ?? 0} on ${host} is already in use.`, {
              hint: 'Choose another port with --port, or leave it out to use a free one.'
            })
          : err
      )
    })
    server.listen(options.port ?? 0, host, () => resolve())
  })
  port = (server.address() as AddressInfo).port
  // After listening, an error (a client resetting mid-request) must not end the process.
  server.on('error', () => undefined)
  server.on('clientError', (_err, socket) => socket.destroy())

  return {
    url: `http://${host}:${port}/?${TOKEN_PARAM}=${token}`,
    port,
    token,
    get connections() {
      return sockets.size
    },
    close: async () => {
      for (const ws of sockets) ws.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
