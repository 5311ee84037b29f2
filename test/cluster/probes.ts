import { existsSync, readFileSync } from 'node:fs'
import https from 'node:https'
import net from 'node:net'

/** Waiting on the control plane's processes: free ports, liveness and health probes. */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export const alive = (pid: number | undefined): boolean => {
  if (pid === undefined) return true
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

export async function until(
  what: string,
  timeoutMs: number,
  probe: () => Promise<boolean>,
  logFile?: string,
  pid?: number
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline && alive(pid)) {
    if (await probe().catch(() => false)) return
    await sleep(250)
  }
  const tail =
    logFile !== undefined && existsSync(logFile)
      ? `\n--- ${logFile} (end) ---\n${readFileSync(logFile, 'utf8').slice(-3000)}`
      : ''
  throw new Error(
    `test cluster: ${what} not ready ${alive(pid) ? `after ${timeoutMs / 1000} s` : '(the process exited)'}${tail}`
  )
}

export function httpsOk(url: string, ca: string, cert: string, key: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.get(
      url,
      { ca: readFileSync(ca), cert: readFileSync(cert), key: readFileSync(key), timeout: 2000 },
      (res) => {
        res.resume()
        resolve(res.statusCode === 200)
      }
    )
    req.on('error', () => resolve(false))
    req.on('timeout', () => req.destroy())
  })
}

export function httpOk(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.ok,
    () => false
  )
}
