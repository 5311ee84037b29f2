/** Sites the app's help links may open in the user's browser; everything else is refused. */
export const EXTERNAL_ALLOW_LIST = [
  'docs.docker.com',
  'www.docker.com',
  'kind.sigs.k8s.io',
  'kubernetes.io',
  'github.com',
  'go.dev'
]

export function isAllowedExternal(raw: string): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  return url.protocol === 'https:' && url.username === '' && EXTERNAL_ALLOW_LIST.includes(url.hostname)
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'"
].join('; ')

/**
 * The app's own page: the dev server in development, else exactly the bundled index.html.
 * Any other file:// page (a dropped or linked .html file) would get the preload too.
 */
export function isAppUrl(raw: string, devServerUrl: string | undefined, indexUrl: string): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (devServerUrl !== undefined) return url.origin === new URL(devServerUrl).origin
  url.hash = ''
  url.search = ''
  return url.href === indexUrl
}
