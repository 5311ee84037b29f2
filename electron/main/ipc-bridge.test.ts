import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { createCore, type Core } from '../core/create-core.ts'
import {
  IPC,
  registerIpcBridge,
  type IpcBridge,
  type IpcEventLike,
  type IpcMainLike,
  type SenderLike
} from './ipc-bridge.ts'

type Handler = (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>
type Listener = (event: IpcEventLike, ...args: unknown[]) => void

/** Electron's ipcMain is not available on the build machines; this keeps its contract. */
class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, Handler>()
  listeners = new Map<string, Set<Listener>>()
  handle(channel: string, h: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, h)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  on(channel: string, l: Listener): void {
    const set = this.listeners.get(channel) ?? new Set()
    set.add(l)
    this.listeners.set(channel, set)
  }
  removeListener(channel: string, l: Listener): void {
    this.listeners.get(channel)?.delete(l)
  }
  invoke(event: IpcEventLike, channel: string, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel)
    if (h === undefined) return Promise.reject(new Error(`No handler registered for '${channel}'`))
    return h(event, ...args)
  }
  send(event: IpcEventLike, channel: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(channel) ?? []) l(event, ...args)
  }
}

class FakeSender implements SenderLike {
  static next = 1
  id = FakeSender.next++
  sent: { channel: string; args: unknown[] }[] = []
  destroyed = false
  private onDestroyed: (() => void)[] = []
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args })
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  once(_event: 'destroyed', l: () => void): void {
    this.onDestroyed.push(l)
  }
  destroy(): void {
    this.destroyed = true
    for (const l of this.onDestroyed) l()
  }
}

let core: Core
let bridge: IpcBridge
afterEach(async () => core?.dispose())

function setup(): { ipc: FakeIpcMain; sender: FakeSender; event: IpcEventLike; opened: string[] } {
  core = createCore({ face: 'desktop', dataDir: mkdtempSync(path.join(os.tmpdir(), 'l8-ipc-')) })
  const ipc = new FakeIpcMain()
  const opened: string[] = []
  bridge = registerIpcBridge(ipc, core.dispatcher, {
    isTrusted: (e) => e.senderFrame?.url.startsWith('file://') === true,
    openExternal: (url) => {
      opened.push(url)
      return Promise.resolve({ ok: true, value: null })
    }
  })
  const sender = new FakeSender()
  return { ipc, sender, event: { sender, senderFrame: { url: 'file:///app/index.html' } }, opened }
}

describe('IPC bridge over the contract', () => {
  it('answers a call with a result envelope', async () => {
    const { ipc, event } = setup()
    const r = await ipc.invoke(event, IPC.call, 'app.info', {})
    expect(r).toMatchObject({ ok: true, value: { name: 'Layer8 Desktop', face: 'desktop' } })
  })

  it('rejects unknown commands and invalid params as data, not exceptions', async () => {
    const { ipc, event } = setup()
    expect(await ipc.invoke(event, IPC.call, 'shell.exec', { cmd: 'rm -rf /' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_COMMAND' }
    })
    expect(await ipc.invoke(event, IPC.call, 'cluster.delete', {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS' }
    })
    expect(await ipc.invoke(event, IPC.call, 'ports.check', { ports: [70000] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS' }
    })
  })

  it('refuses frames that are not the app', async () => {
    const { ipc, sender } = setup()
    const r = await ipc.invoke({ sender, senderFrame: { url: 'https://evil.example/' } }, IPC.call, 'app.info', {})
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
  })

  it('streams a topic to its window and ends it when the window goes away', async () => {
    const { ipc, sender, event } = setup()
    ipc.send(event, IPC.subscribe, 1, 'ports', { ports: [5432] })
    await expect
      .poll(() => sender.sent.filter((m) => m.channel === IPC.event).length, { timeout: 3000 })
      .toBeGreaterThan(0)
    const [id, statuses] = sender.sent.find((m) => m.channel === IPC.event)?.args ?? []
    expect(id).toBe(1)
    expect((statuses as { port: number }[])[0]?.port).toBe(5432)
    expect(core.dispatcher.activeTopics).toBe(1)
    sender.destroy()
    expect(core.dispatcher.activeTopics).toBe(0)
  })

  it("releases a window's streams when it reloads, and keeps serving it after", () => {
    const { ipc, sender, event } = setup()
    ipc.send(event, IPC.subscribe, 1, 'ports', { ports: [5173] })
    expect(core.dispatcher.activeTopics).toBe(1)
    bridge.release(sender.id)
    expect(core.dispatcher.activeTopics).toBe(0)
    ipc.send(event, IPC.subscribe, 1, 'ports', { ports: [5173] })
    expect(core.dispatcher.activeTopics).toBe(1)
  })

  it('unsubscribes on request and ends unknown topics with an error', () => {
    const { ipc, sender, event } = setup()
    ipc.send(event, IPC.subscribe, 2, 'ports', { ports: [6191] })
    expect(core.dispatcher.activeTopics).toBe(1)
    ipc.send(event, IPC.unsubscribe, 2)
    expect(core.dispatcher.activeTopics).toBe(0)
    ipc.send(event, IPC.subscribe, 3, 'secrets', {})
    expect(sender.sent.at(-1)).toMatchObject({ channel: IPC.end, args: [3, { code: 'UNKNOWN_COMMAND' }] })
  })

  it('opens external links only through the injected opener', async () => {
    const { ipc, event, opened } = setup()
    expect(await ipc.invoke(event, IPC.openExternal, 'https://kind.sigs.k8s.io/')).toEqual({ ok: true, value: null })
    expect(opened).toEqual(['https://kind.sigs.k8s.io/'])
  })
})
