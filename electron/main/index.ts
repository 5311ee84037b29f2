import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { app, ipcMain, session, shell } from 'electron'

import { createCore } from '../core/create-core.ts'
import { registerIpcBridge } from './ipc-bridge.ts'
import { CONTENT_SECURITY_POLICY, isAllowedExternal, isAppUrl } from './security.ts'
import { createMainWindow } from './window.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const devServerUrl = process.env['ELECTRON_RENDERER_URL']

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
    isTrusted: (event) => event.senderFrame != null && isAppUrl(event.senderFrame.url, devServerUrl),
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
      indexHtml: path.join(here, '../renderer/index.html'),
      devServerUrl,
      stateFile: path.join(app.getPath('userData'), 'window-state.json')
    })
  let win = await open()

  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore()
    win.focus()
  })
  app.on('activate', () => {
    if (win.isDestroyed()) void open().then((w) => (win = w))
  })
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
    void core.dispose().finally(() => app.quit())
  })
}
