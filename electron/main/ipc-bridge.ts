import type { Disposable } from '../contract/client.ts'
import type { Result } from '../contract/errors.ts'
import type { Dispatcher } from '../core/rpc/dispatch.ts'
import { IPC } from '../contract/ipc.ts'

export { IPC }

export interface SenderLike {
  id: number
  send(channel: string, ...args: unknown[]): void
  isDestroyed(): boolean
  once(event: 'destroyed', listener: () => void): void
}

export interface IpcEventLike {
  sender: SenderLike
  senderFrame?: { url: string } | null
}

/** The slice of Electron's ipcMain the bridge uses, so tests can drive it without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void
  removeHandler(channel: string): void
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): void
  removeListener(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): void
}

export interface BridgeOptions {
  /** Only frames of the app itself may talk to the core. */
  isTrusted(event: IpcEventLike): boolean
  openExternal(url: string): Promise<Result<null>>
}

const untrusted: Result<never> = {
  ok: false,
  error: { code: 'BAD_REQUEST', message: 'Request from an untrusted frame refused.' }
}

/**
 * One generic loop over the contract: every call goes through the dispatcher (which checks
 * the name and validates params), and results come back as a Result envelope because
 * Electron drops custom fields of thrown errors. Subscriptions belong to the window that
 * opened them and end when it closes or reloads.
 */
export interface IpcBridge extends Disposable {
  /** Ends every stream a window opened (it reloaded, navigated or crashed). */
  release(senderId: number): void
}

export function registerIpcBridge(ipc: IpcMainLike, dispatcher: Dispatcher, options: BridgeOptions): IpcBridge {
  const owned = new Map<number, Map<number, Disposable>>()

  const subsOf = (sender: SenderLike): Map<number, Disposable> => {
    let subs = owned.get(sender.id)
    if (subs === undefined) {
      const created = new Map<number, Disposable>()
      owned.set(sender.id, created)
      sender.once('destroyed', () => {
        for (const d of created.values()) d.dispose()
        owned.delete(sender.id)
      })
      subs = created
    }
    return subs
  }

  ipc.handle(IPC.call, async (event, name, params) => {
    if (!options.isTrusted(event)) return untrusted
    return dispatcher.call(name, params)
  })

  ipc.handle(IPC.openExternal, async (event, url) => {
    if (!options.isTrusted(event)) return untrusted
    if (typeof url !== 'string')
      return { ok: false, error: { code: 'INVALID_PARAMS', message: 'url must be a string' } }
    return options.openExternal(url)
  })

  const onSubscribe = (event: IpcEventLike, id: unknown, topic: unknown, params: unknown): void => {
    const sender = event.sender
    if (typeof id !== 'number') return
    if (!options.isTrusted(event)) {
      sender.send(IPC.end, id, untrusted.ok ? undefined : untrusted.error)
      return
    }
    const subs = subsOf(sender)
    subs.get(id)?.dispose()
    const r = dispatcher.subscribe(topic, params, {
      event: (e) => {
        if (!sender.isDestroyed()) sender.send(IPC.event, id, e)
      },
      end: (error) => {
        subs.delete(id)
        if (!sender.isDestroyed()) sender.send(IPC.end, id, error)
      }
    })
    if (r.ok) subs.set(id, r.value)
    else sender.send(IPC.end, id, r.error)
  }
  const onUnsubscribe = (event: IpcEventLike, id: unknown): void => {
    if (typeof id !== 'number') return
    const subs = owned.get(event.sender.id)
    subs?.get(id)?.dispose()
    subs?.delete(id)
  }
  ipc.on(IPC.subscribe, onSubscribe)
  ipc.on(IPC.unsubscribe, onUnsubscribe)

  return {
    release: (senderId) => {
      const subs = owned.get(senderId)
      if (subs === undefined) return
      for (const d of [...subs.values()]) d.dispose()
      subs.clear()
    },
    dispose: () => {
      ipc.removeHandler(IPC.call)
      ipc.removeHandler(IPC.openExternal)
      ipc.removeListener(IPC.subscribe, onSubscribe)
      ipc.removeListener(IPC.unsubscribe, onUnsubscribe)
      for (const subs of owned.values()) for (const d of subs.values()) d.dispose()
      owned.clear()
    }
  }
}
