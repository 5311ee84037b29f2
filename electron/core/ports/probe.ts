import net from 'node:net'

export type ProbeOutcome = 'free' | 'in-use' | 'no-permission'

function tryListen(port: number, host: string): Promise<ProbeOutcome | 'unavailable'> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.unref()
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') resolve('in-use')
      else if (err.code === 'EACCES') resolve('no-permission')
      else resolve('unavailable') // e.g. no IPv4 on that address: not a conflict
    })
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => resolve('free'))
    })
  })
}

/**
 * A port is free only if both the loopback and the wildcard address can be bound: Docker
 * binds one of them, and on macOS a listener on one does not stop a bind on the other.
 */
export async function probePort(port: number): Promise<ProbeOutcome> {
  const loopback = await tryListen(port, '127.0.0.1')
  if (loopback === 'in-use') return 'in-use'
  const wildcard = await tryListen(port, '0.0.0.0')
  if (wildcard === 'in-use') return 'in-use'
  if (loopback === 'no-permission' || wildcard === 'no-permission') return 'no-permission'
  return 'free'
}
