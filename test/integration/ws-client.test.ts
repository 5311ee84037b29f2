import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import NodeWebSocket from 'ws'

import type { ConnectionState, DoctorReport, PortStatus } from '../../electron/contract/index.ts'
import { createCore, type Core } from '../../electron/core/create-core.ts'
import { startWebServer, type WebServer } from '../../electron/core/server/ws-server.ts'
import { createWsClient, type WsClient } from '../../renderer/src/api/ws-client.ts'

let core: Core
let server: WebServer
let port = 0
let token = ''

/** ws in Node does not send an Origin by itself; a browser on the served page would. */
function browserLikeWebSocket(origin: string): typeof WebSocket {
  return class extends NodeWebSocket {
    constructor(url: string | URL) {
      super(url, { origin })
    }
  } as unknown as typeof WebSocket
}

beforeAll(async () => {
  core = createCore({ face: 'browser', dataDir: mkdtempSync(path.join(os.tmpdir(), 'l8-wsc-')) })
  server = await startWebServer({ dispatcher: core.dispatcher })
  port = server.port
  token = server.token
})
afterAll(async () => {
  await server.close()
  await core.dispose()
})

function client(): WsClient {
  return createWsClient({
    url: `ws://127.0.0.1:${port}/ws?token=${token}`,
    WebSocketImpl: browserLikeWebSocket(`http://127.0.0.1:${port}`),
    backoff: { initialMs: 50, maxMs: 200 }
  })
}

describe("core <-> WebSocket server <-> the renderer's WebSocket client", () => {
  it('runs the doctor through the same client the browser uses', async () => {
    const c = client()
    const r = await c.call('doctor.run', {})
    expect(r.ok).toBe(true)
    const report = (r as { value: DoctorReport }).value
    expect(report.findings.length).toBeGreaterThan(9)
    expect(c.connection).toBe('open')
    const bad = await c.call('ports.check', { ports: [] })
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } })
    c.close()
  })

  it('shows the connection dropping, reconnects with backoff and resubscribes', async () => {
    const c = client()
    const states: ConnectionState[] = []
    c.onConnectionChange((s) => states.push(s))
    const events: PortStatus[][] = []
    const sub = c.subscribe('ports', { ports: [6193] }, { onEvent: (e) => events.push(e) })
    await expect.poll(() => events.length, { timeout: 5000 }).toBe(1)

    // The server goes away (the user stopped "l8dev serve") and comes back on the same port.
    await server.close()
    await expect.poll(() => c.connection, { timeout: 5000 }).toBe('reconnecting')
    expect(core.dispatcher.activeTopics).toBe(0)
    server = await startWebServer({ dispatcher: core.dispatcher, port, token })
    await expect.poll(() => c.connection, { timeout: 5000 }).toBe('open')
    // Resubscribed: the new producer sends its first answer to the same handler.
    await expect.poll(() => events.length, { timeout: 5000 }).toBe(2)
    expect(core.dispatcher.activeTopics).toBe(1)
    expect(states).toEqual(expect.arrayContaining(['reconnecting', 'open']))

    sub.dispose()
    await expect.poll(() => core.dispatcher.activeTopics, { timeout: 2000 }).toBe(0)
    c.close()
    expect(c.connection).toBe('closed')
  })

  it('stops retrying and says so when the server no longer accepts its token', async () => {
    const c = client()
    expect((await c.call('app.info', {})).ok).toBe(true)
    // "l8dev serve" restarted: same port, new token; the page still holds the old one.
    await server.close()
    server = await startWebServer({ dispatcher: core.dispatcher, port })
    token = server.token
    await expect.poll(() => c.connection, { timeout: 5000 }).toBe('unauthorised')
    const r = await c.call('app.info', {})
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(server.connections).toBe(0)
    c.close()
  })
})
