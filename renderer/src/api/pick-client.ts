import type { ApiClient, DesktopBridge, Result } from '@contract'

import { createIpcClient } from './ipc-client.ts'
import { createWsClient, wsUrlFromLocation } from './ws-client.ts'

declare global {
  interface Window {
    /** Put there by the desktop preload; absent in the browser face. */
    l8?: DesktopBridge
  }
}

/** The same UI runs in the desktop window and in a browser tab served by `l8dev serve`. */
export function pickClient(): ApiClient {
  const bridge = window.l8
  if (bridge !== undefined) return createIpcClient(bridge)
  return createWsClient({ url: wsUrlFromLocation(window.location, window.sessionStorage) })
}

/** Opens a link outside the app: the desktop shell checks it against its allow-list. */
export async function openExternal(url: string): Promise<Result<null>> {
  const bridge = window.l8
  if (bridge === undefined) {
    window.open(url, '_blank', 'noopener,noreferrer')
    return { ok: true, value: null }
  }
  try {
    return await bridge.openExternal(url)
  } catch (err) {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: `Could not open ${url}.`, details: { cause: String(err) } }
    }
  }
}
