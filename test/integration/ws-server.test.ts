import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'

import type { ServerFrame } from '../../electron/contract/wire.ts'
import { MAX_FRAME_BYTES } from '../../electron/contract/wire.ts'
import { createCore, type Core } from '../../electron/core/create-core.ts'
import { startWebServer, type WebServer } from '../../electron/core/server/ws-server.ts'

let core: Core
let server: WebServer
const origin = (): string => `http://127.0.0.1:${server.port}`

beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'l8-ws-'))
  const ui = path.join(dataDir, 'ui')
  mkdirSync(ui)
  writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Layer8 Desktop</title>')
  core = createCore({ face: 'browser', dataDir })
  server = await startWebServer({ dispatcher: core.dispatcher, staticDir: ui })
})
afterAll(async () => {
  await server.close()
  await core.dispose()
})

/** A connected socket plus a queue of the frames it received. */
async function connect(
  opts: { token?: string; origin?: string } = {}
): Promise<{ ws: WebSocket; next: () => Promise<ServerFrame> }> {
  const token = opts.token ?? server.token
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${token}`, { origin: opts.origin ?? origin() })
  const queue: ServerFrame[] = []
  const waiters: ((f: ServerFrame) => void)[] = []
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as ServerFrame
    const w = waiters.shift()
    if (w !== undefined) w(frame)
    else queue.push(frame)
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
  return {
    ws,
    next: () => {
      const f = queue.shift()
      return f !== undefined ? Promise.resolve(f) : new Promise((r) => waiters.push(r))
    }
  }
}

describe('the browser face refuses strangers', () => {
  it('prints a URL with a token, and the same URL without it gets only a refusal', async () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{32}$`))
    const withToken = await fetch(server.url)
    expect(withToken.status).toBe(200)
    expect(await withToken.text()).toContain('Layer8 Desktop')
    const without = await fetch(`http://127.0.0.1:${server.port}/`)
    expect(without.status).toBe(401)
    expect(await without.text()).not.toContain('Layer8 Desktop</title>')
    const wrong = await fetch(`http://127.0.0.1:${server.port}/?token=${'x'.repeat(32)}`)
    expect(wrong.status).toBe(401)
  })

  it('refuses a WebSocket without the token', async () => {
    await expect(connect({ token: '' })).rejects.toThrow('HTTP 401')
  })

  it('refuses a WebSocket from a foreign Origin, even with the token', async () => {
    await expect(connect({ origin: 'https://evil.example' })).rejects.toThrow('HTTP 403')
  })

  it('refuses a Host header that is not this server (DNS rebinding)', async () => {
    // fetch may not set Host, so a raw request does what a rebinding page's browser would.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http
        .get(server.url, { headers: { host: `rebind.example:${server.port}` } }, (res) => {
          res.resume()
          resolve(res.statusCode)
        })
        .on('error', reject)
    })
    expect(status).toBe(403)
  })
})

describe('the protocol answers bad input with typed errors and keeps serving', () => {
  it('runs the doctor over the wire', async () => {
    const { ws, next } = await connect()
    ws.send(JSON.stringify({ type: 'call', id: 1, name: 'doctor.run', params: {} }))
    const f = await next()
    expect(f).toMatchObject({ type: 'result', id: 1, ok: true })
    const report = (f as { value: { findings: { id: string }[] } }).value
    expect(report.findings.map((x) => x.id)).toContain('docker.cli')
    expect(report.findings.map((x) => x.id)).toContain('port.5432')
    ws.close()
  })

  it('answers malformed JSON, an unknown command, wrong params and an oversized frame, then still works', async () => {
    const { ws, next } = await connect()
    ws.send('{not json')
    expect(await next()).toMatchObject({ type: 'error', error: { code: 'BAD_REQUEST' } })
    ws.send(JSON.stringify({ type: 'call', id: 2, name: 'cluster.explode', params: {} }))
    expect(await next()).toMatchObject({ type: 'result', id: 2, ok: false, error: { code: 'UNKNOWN_COMMAND' } })
    ws.send(JSON.stringify({ type: 'call', id: 3, name: 'ports.check', params: { ports: ['5432'] } }))
    const bad = await next()
    expect(bad).toMatchObject({ type: 'result', id: 3, ok: false, error: { code: 'INVALID_PARAMS' } })
    expect((bad as { error: { message: string } }).error.message).toContain('ports.0')
    ws.send(JSON.stringify({ type: 'call', id: 4, name: 'app.info', params: { padding: 'x'.repeat(MAX_FRAME_BYTES) } }))
    expect(await next()).toMatchObject({ type: 'result', id: 4, ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } })
    ws.send(`{"type":"call","name":"app.info","pad":"${'y'.repeat(MAX_FRAME_BYTES)}"}`)
    expect(await next()).toMatchObject({ type: 'error', error: { code: 'PAYLOAD_TOO_LARGE' } })
    ws.send(JSON.stringify({ type: 'call', id: 5, name: 'app.info', params: {} }))
    expect(await next()).toMatchObject({
      type: 'result',
      id: 5,
      ok: true,
      value: { name: 'Layer8 Desktop', face: 'browser' }
    })
    ws.close()
  })

  it('releases a subscription when the client disconnects', async () => {
    const { ws, next } = await connect()
    ws.send(JSON.stringify({ type: 'subscribe', id: 7, topic: 'ports', params: { ports: [5432, 6191] } }))
    const first = await next()
    expect(first).toMatchObject({ type: 'event', id: 7 })
    expect((first as { event: unknown[] }).event).toHaveLength(2)
    expect(core.dispatcher.activeTopics).toBe(1)
    ws.terminate()
    await expect.poll(() => core.dispatcher.activeTopics, { timeout: 2000 }).toBe(0)
    await expect.poll(() => server.connections, { timeout: 2000 }).toBe(0)
  })

  it('shares one producer between two subscribers with the same params, and ends it after both leave', async () => {
    const a = await connect()
    const b = await connect()
    a.ws.send(JSON.stringify({ type: 'subscribe', id: 1, topic: 'ports', params: { ports: [8086] } }))
    b.ws.send(JSON.stringify({ type: 'subscribe', id: 1, topic: 'ports', params: { ports: [8086] } }))
    await a.next()
    expect(await b.next()).toMatchObject({ type: 'event', id: 1 })
    expect(core.dispatcher.activeTopics).toBe(1)
    a.ws.send(JSON.stringify({ type: 'unsubscribe', id: 1 }))
    await new Promise((r) => setTimeout(r, 100))
    expect(core.dispatcher.activeTopics).toBe(1)
    b.ws.close()
    await expect.poll(() => core.dispatcher.activeTopics, { timeout: 2000 }).toBe(0)
    a.ws.close()
  })
})

describe('the auth path', () => {
  it('answers 204 with the token and 401 without, so a page can tell a stale token', async () => {
    expect((await fetch(`http://127.0.0.1:${server.port}/auth?token=${server.token}`)).status).toBe(204)
    expect((await fetch(`http://127.0.0.1:${server.port}/auth`)).status).toBe(401)
  })
})
