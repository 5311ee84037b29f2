import path from 'node:path'
import { pathToFileURL } from 'node:url'

import { BrowserWindow, screen, shell } from 'electron'

import { fitToDisplays, loadBounds, saveBounds } from './window-state.ts'
import { isAllowedExternal, isAppUrl } from './security.ts'

export interface WindowOptions {
  preload: string
  indexHtml: string
  devServerUrl: string | undefined
  stateFile: string
}

/** The one app window: isolated, sandboxed, no navigation away, size and place remembered. */
export async function createMainWindow(o: WindowOptions): Promise<BrowserWindow> {
  const bounds = fitToDisplays(
    await loadBounds(o.stateFile),
    screen.getAllDisplays().map((d) => d.workArea)
  )
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Layer8 Desktop',
    webPreferences: {
      preload: o.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false
    }
  })
  if (bounds.maximized === true) win.maximize()
  win.once('ready-to-show', () => win.show())

  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, o.devServerUrl, pathToFileURL(path.resolve(o.indexHtml)).href)) {
      event.preventDefault()
      if (isAllowedExternal(url)) void shell.openExternal(url)
    }
  })
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })

  const remember = (): void => {
    if (win.isDestroyed()) return
    void saveBounds(o.stateFile, { ...win.getNormalBounds(), maximized: win.isMaximized() })
  }
  win.on('close', remember)

  if (o.devServerUrl !== undefined) await win.loadURL(o.devServerUrl)
  else await win.loadFile(path.resolve(o.indexHtml))
  return win
}
