import { contextBridge, ipcRenderer } from 'electron'

import type { DesktopBridge } from '../contract/client.ts'
import type { AppErrorData, Result } from '../contract/errors.ts'
import { IPC } from '../contract/ipc.ts'

let nextId = 0

const bridge: DesktopBridge = {
  call: (name, params) => ipcRenderer.invoke(IPC.call, name, params) as Promise<Result<unknown>>,
  subscribe: (topic, params, onEvent, onEnd) => {
    const id = ++nextId
    const onEvt = (_e: unknown, subId: number, event: unknown): void => {
      if (subId === id) onEvent(event)
    }
    const onFin = (_e: unknown, subId: number, error?: AppErrorData): void => {
      if (subId !== id) return
      stop()
      onEnd(error)
    }
    const stop = (): void => {
      ipcRenderer.removeListener(IPC.event, onEvt)
      ipcRenderer.removeListener(IPC.end, onFin)
    }
    ipcRenderer.on(IPC.event, onEvt)
    ipcRenderer.on(IPC.end, onFin)
    ipcRenderer.send(IPC.subscribe, id, topic, params)
    return () => {
      stop()
      ipcRenderer.send(IPC.unsubscribe, id)
    }
  },
  openExternal: (url) => ipcRenderer.invoke(IPC.openExternal, url) as Promise<Result<null>>
}

contextBridge.exposeInMainWorld('l8', bridge)
