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

/** The app's own pages: the dev server in development, the bundled files otherwise. */
export function isAppUrl(raw: string, devServerUrl: string | undefined): boolean {
  if (devServerUrl !== undefined && raw.startsWith(devServerUrl)) return true
  return raw.startsWith('file://')
}
