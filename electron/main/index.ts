import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

import { app, ipcMain, session, shell } from 'electron'

import { createCore } from '../core/create-core.ts'
import { registerIpcBridge } from './ipc-bridge.ts'
import { CONTENT_SECURITY_POLICY, isAllowedExternal, isAppUrl } from './security.ts'
import { createMainWindow } from './window.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const devServerUrl = process.env['ELECTRON_RENDERER_URL']
const indexHtml = path.join(here, '../renderer/index.html')
const indexUrl = pathToFileURL(indexHtml).href

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  void start()
}

async function start(): Promise<void> {
  await app.whenReady()
  // Packaged: manifests ship as extraResources; in a checkout they sit at the top level.
  const manifestsDir = app.isPackaged
    ? path.join(process.resourcesPath, 'manifests')
    : path.join(app.getAppPath(), 'manifests')
  const core = createCore({ face: 'desktop', dataDir: app.getPath('userData'), manifestsDir })

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))

  const bridge = registerIpcBridge(ipcMain, core.dispatcher, {
    isTrusted: (event) => event.senderFrame != null && isAppUrl(event.senderFrame.url, devServerUrl, indexUrl),
    openExternal: async (url) => {
      if (!isAllowedExternal(url)) {
        return { ok: false, error: { code: 'BAD_REQUEST', message: `Links to ${url} are not opened from the app.` } }
      }
      await shell.openExternal(url)
      return { ok: true, value: null }
    }
  })

  const open = () =>
    createMainWindow({
      preload: path.join(here, '../preload/index.cjs'),
      indexHtml,
      devServerUrl,
      stateFile: path.join(app.getPath('userData'), 'window-state.json')
    })
  const track = (w: Awaited<ReturnType<typeof open>>): typeof w => {
    // A reload or a crashed page starts over: its streams must not outlive it.
    const id = w.webContents.id
    w.webContents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) bridge.release(id)
    })
    w.webContents.on('render-process-gone', () => bridge.release(id))
    return w
  }
  let win = track(await open())
  const show = async (): Promise<void> => {
    if (win.isDestroyed()) win = track(await open())
    if (win.isMinimized()) win.restore()
    win.focus()
  }

  app.on('second-instance', () => void show())
  app.on('activate', () => void show())
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  let disposed = false
  app.on('before-quit', (event) => {
    if (disposed) return
    // Cancel running tasks and end every stream before the process goes.
    event.preventDefault()
    disposed = true
    bridge.dispose()
    // Running tasks get a few seconds to cancel and clean up; then the app goes regardless.
    const deadline = new Promise((r) => setTimeout(r, 10_000))
    void Promise.race([core.dispose(), deadline]).finally(() => app.quit())
  })
}
