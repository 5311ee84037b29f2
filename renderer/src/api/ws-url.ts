import { TOKEN_PARAM, WS_PATH } from '@contract'

const TOKEN_KEY = 'l8-token'

/**
 * The server hands the token once, in the URL it prints. It is kept for this tab only and
 * taken out of the address bar so it does not end up in bookmarks, history or screenshots.
 */
export function wsUrlFromLocation(loc: Location, storage: Storage): string {
  const fromQuery = new URLSearchParams(loc.search).get(TOKEN_PARAM)
  if (fromQuery !== null && fromQuery !== '') {
    storage.setItem(TOKEN_KEY, fromQuery)
    const clean = new URL(loc.href)
    clean.searchParams.delete(TOKEN_PARAM)
    if (typeof history !== 'undefined') {
      history.replaceState(history.state as unknown, '', clean.pathname + clean.search + clean.hash)
    }
  }
  const token = fromQuery !== null && fromQuery !== '' ? fromQuery : storage.getItem(TOKEN_KEY)
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:'
  // Without a token the server's session cookie may still admit the page.
  const query = token === null ? '' : `?${TOKEN_PARAM}=${encodeURIComponent(token)}`
  return `${scheme}//${loc.host}${WS_PATH}${query}`
}
