import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2'
}

/** Reads a file under `root` for a URL path; never escapes `root`. SPA routes get index.html. */
export async function readStatic(root: string, urlPath: string): Promise<{ body: Buffer; type: string } | undefined> {
  const decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/')
  const wanted = path.resolve(root, '.' + path.posix.normalize('/' + decoded))
  if (wanted !== root && !wanted.startsWith(root + path.sep)) return undefined
  let file = wanted
  const info = await stat(file).catch(() => undefined)
  if (info === undefined || info.isDirectory()) {
    if (path.extname(decoded) !== '') return undefined
    file = path.join(root, 'index.html')
  }
  const body = await readFile(file).catch(() => undefined)
  if (body === undefined) return undefined
  return { body, type: TYPES[path.extname(file)] ?? 'application/octet-stream' }
}
