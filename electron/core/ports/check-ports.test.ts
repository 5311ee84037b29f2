import { readlinkSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { runProcess } from '../process/run.ts'
import { checkPorts } from './check-ports.ts'
import { listeningInodes } from './holders-linux.ts'
import { parseLsof, parseNetstatPid } from './holders.ts'

const servers: net.Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
})

function listen(host: string, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    servers.push(s)
    s.once('error', reject)
    s.listen(port, host, () => resolve((s.address() as net.AddressInfo).port))
  })
}

async function freePort(): Promise<number> {
  const s = net.createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))
  const { port } = s.address() as net.AddressInfo
  await new Promise((r) => s.close(r))
  return port
}

describe('host port checks against real sockets', () => {
  it('reports a free port as free', async () => {
    const port = await freePort()
    const [status] = await checkPorts([port], { platform: process.platform, run: runProcess })
    expect(status).toMatchObject({ port, free: true })
  })

  it('reports a port held on 127.0.0.1, and names this process as the holder', async () => {
    const port = await listen('127.0.0.1')
    const [status] = await checkPorts([port], { platform: process.platform, run: runProcess })
    expect(status?.free).toBe(false)
    if (process.platform === 'linux') {
      expect(status?.holder?.pid).toBe(process.pid)
      // The program, not its main thread's name (Node 24 names that "MainThread").
      expect(status?.holder?.process).toBe(path.basename(readlinkSync('/proc/self/exe')))
    }
  })

  it('reports a port held on every interface (0.0.0.0)', async () => {
    const port = await listen('0.0.0.0')
    const [status] = await checkPorts([port], { platform: process.platform, run: runProcess })
    expect(status?.free).toBe(false)
  })

  it('names the design purpose of a design port', async () => {
    const [status] = await checkPorts([5432], { platform: process.platform, run: runProcess })
    expect(status?.purpose).toBe('PostgreSQL')
  })
})

describe('port holder parsers', () => {
  it('finds LISTEN inodes for a port in /proc/net/tcp text', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:1538 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 5555 1 0000000000000000 20 4 30 10 -1',
      '   2: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0000000000000000 100 0 0 10 0'
    ].join('\n')
    expect(listeningInodes(text, 0x1538)).toEqual(['4242'])
    expect(listeningInodes(text, 80)).toEqual(['777'])
    expect(listeningInodes(text, 443)).toEqual([])
  })

  it('reads lsof -F pc output', () => {
    expect(parseLsof('p4711\ncpostgres\nf7\n')).toEqual({ pid: 4711, process: 'postgres' })
    expect(parseLsof('')).toBeUndefined()
  })

  it('reads the listening pid from netstat -ano', () => {
    const out = [
      '  Proto  Local Address          Foreign Address        State           PID',
      '  TCP    0.0.0.0:5432           0.0.0.0:0              LISTENING       6120',
      '  TCP    127.0.0.1:15432        127.0.0.1:50000        ESTABLISHED     9'
    ].join('\r\n')
    expect(parseNetstatPid(out, 5432)).toBe(6120)
    expect(parseNetstatPid(out, 15432)).toBeUndefined()
  })
})
