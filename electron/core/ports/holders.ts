import type { PortHolder } from '../../contract/models.ts'
import type { Runner } from '../process/run.ts'
import { findHolderLinux } from './holders-linux.ts'

/** `lsof -F pc` output: lines starting with p<pid> and c<command>. Pure. */
export function parseLsof(output: string): PortHolder | undefined {
  let pid: number | undefined
  let process: string | undefined
  for (const line of output.split('\n')) {
    if (line.startsWith('p') && pid === undefined) pid = Number(line.slice(1))
    else if (line.startsWith('c') && process === undefined) process = line.slice(1)
  }
  return pid === undefined ? undefined : { pid, process }
}

/** The PID in `netstat -ano -p tcp` output listening on `port`. Pure. */
export function parseNetstatPid(output: string, port: number): number | undefined {
  for (const line of output.split('\n')) {
    const cols = line.trim().split(/\s+/)
    if (cols.length < 5 || cols[3] !== 'LISTENING') continue
    const local = cols[1] ?? ''
    if (local.endsWith(`:${port}`)) return Number(cols[4])
  }
  return undefined
}

/** Best effort: which process holds a port, where the OS tells. */
export async function findPortHolder(
  port: number,
  platform: NodeJS.Platform,
  run: Runner
): Promise<PortHolder | undefined> {
  try {
    if (platform === 'linux') return await findHolderLinux(port)
    if (platform === 'darwin') {
      const r = await run('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc'], { timeoutMs: 5000 })
      return parseLsof(r.stdout)
    }
    if (platform === 'win32') {
      const r = await run('netstat', ['-ano', '-p', 'tcp'], { timeoutMs: 5000 })
      const pid = parseNetstatPid(r.stdout, port)
      if (pid === undefined) return undefined
      const t = await run('tasklist', ['/FI', `PID eq ${pid}`, '/FO', 'CSV', '/NH'], { timeoutMs: 5000 })
      const name = /^"([^"]+)"/.exec(t.stdout.trim())?.[1]
      return { pid, process: name }
    }
  } catch {
    // The holder is a courtesy; the port is taken either way.
  }
  return undefined
}
