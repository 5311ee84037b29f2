import { readdir, readFile, readlink } from 'node:fs/promises'

import type { PortHolder } from '../../contract/models.ts'

const LISTEN = '0A'

/** Socket inodes listening on `port`, from the text of /proc/net/tcp or tcp6. Pure. */
export function listeningInodes(procNetTcp: string, port: number): string[] {
  const inodes: string[] = []
  for (const line of procNetTcp.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/)
    const local = cols[1]
    const state = cols[3]
    const inode = cols[9]
    if (local === undefined || state !== LISTEN || inode === undefined) continue
    const hexPort = local.slice(local.lastIndexOf(':') + 1)
    if (Number.parseInt(hexPort, 16) === port) inodes.push(inode)
  }
  return inodes
}

/**
 * The program's file name. Not comm first: that is the main thread's name, which a program
 * may change (Node 24 calls its main thread "MainThread"). The exe link is readable wherever
 * the fd links were.
 */
async function processName(procRoot: string, pid: string): Promise<string | undefined> {
  const exe = await readlink(`${procRoot}/${pid}/exe`).catch(() => '')
  const name =
    exe
      .replace(/ \(deleted\)$/, '')
      .split('/')
      .pop() ?? ''
  if (name !== '') return name
  const comm = await readFile(`${procRoot}/${pid}/comm`, 'utf8').catch(() => '')
  return comm.trim() || undefined
}

/**
 * Which process listens on a port, read from /proc. Another user's processes are not
 * readable without root, so the answer may be only "in use".
 */
export async function findHolderLinux(port: number, procRoot = '/proc'): Promise<PortHolder | undefined> {
  const inodes = new Set<string>()
  for (const file of ['net/tcp', 'net/tcp6']) {
    const text = await readFile(`${procRoot}/${file}`, 'utf8').catch(() => '')
    for (const inode of listeningInodes(text, port)) inodes.add(inode)
  }
  if (inodes.size === 0) return undefined
  const pids = await readdir(procRoot).catch(() => [] as string[])
  for (const pid of pids) {
    if (!/^\d+$/.test(pid)) continue
    const fds = await readdir(`${procRoot}/${pid}/fd`).catch(() => [] as string[])
    for (const fd of fds) {
      const target = await readlink(`${procRoot}/${pid}/fd/${fd}`).catch(() => '')
      const match = /^socket:\[(\d+)\]$/.exec(target)
      if (match?.[1] !== undefined && inodes.has(match[1])) {
        return { pid: Number(pid), process: await processName(procRoot, pid) }
      }
    }
  }
  return {}
}
