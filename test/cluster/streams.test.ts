import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'

import { CoreV1Api, CustomObjectsApi, PortForward } from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { streamLogs } from '../../electron/core/kube/logs.ts'
import { eventually, useCluster, type TestCluster } from '../support/cluster.ts'

let c: TestCluster
const dir = mkdtempSync(path.join(os.tmpdir(), 'l8-streams-'))
beforeAll(async () => {
  c = await useCluster('streams')
})
afterAll(async () => c?.cleanup())

const cri = (text: string): string => `${new Date().toISOString()} stdout F ${text}\n`

async function runningPod(name: string): Promise<void> {
  const core = c.kc.makeApiClient(CoreV1Api)
  await core.createNamespacedPod({
    namespace: c.namespace,
    body: { metadata: { name }, spec: { containers: [{ name: 'app', image: 'app' }] } }
  })
  await eventually(`${name} Running`, 30_000, async () => {
    const p = await core.readNamespacedPod({ name, namespace: c.namespace })
    return p.status?.phase === 'Running' ? p : undefined
  })
}

describe('logs', () => {
  it('delivers lines appended to the container log file to a follow stream within a second', async () => {
    await runningPod('talker')
    const logFile = path.join(dir, 'talker.log')
    writeFileSync(logFile, cri('hello from the start'))
    await c.kc.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
      group: 'kwok.x-k8s.io',
      version: 'v1alpha1',
      namespace: c.namespace,
      plural: 'logs',
      body: {
        apiVersion: 'kwok.x-k8s.io/v1alpha1',
        kind: 'Logs',
        metadata: { name: 'talker', namespace: c.namespace },
        spec: { logs: [{ containers: ['app'], logsFile: logFile }] }
      }
    })
    const seen: { text: string; at: number }[] = []
    let partial = ''
    const controller = new AbortController()
    const ended = streamLogs(
      c.kc,
      { namespace: c.namespace, pod: 'talker', container: 'app', follow: true },
      (text) => {
        const lines = (partial + text).split('\n')
        partial = lines.pop() ?? ''
        for (const line of lines) seen.push({ text: line, at: Date.now() })
      },
      controller.signal
    )
    try {
      await eventually('first line', 10_000, () =>
        seen.some((s) => s.text === 'hello from the start') ? true : undefined
      )
      const latencies: number[] = []
      for (let i = 0; i < 3; i++) {
        const sent = Date.now()
        appendFileSync(logFile, cri(`line ${i}`))
        const got = await eventually(`line ${i}`, 5_000, () => seen.find((s) => s.text === `line ${i}`))
        latencies.push(got.at - sent)
      }
      console.log(`log follow latency (ms): ${latencies.join(', ')}`)
      for (const l of latencies) expect(l).toBeLessThan(1000)
    } finally {
      controller.abort()
    }
    // Aborting ends the stream cleanly: no error, no dangling request.
    await expect(ended).resolves.toBeUndefined()
  })

  it("returns the server's refusal for a container without logs", async () => {
    const err = await streamLogs(
      c.kc,
      { namespace: c.namespace, pod: 'talker', container: 'nope' },
      () => undefined,
      new AbortController().signal
    ).catch((e: unknown) => e)
    expect((err as Error).message).toMatch(/HTTP 4\d\d/)
  })
})

describe('port-forward', () => {
  it('carries bytes both ways through @kubernetes/client-node', async () => {
    const echo = net.createServer((s) => s.on('data', (d) => s.write(Buffer.concat([Buffer.from('echo:'), d]))))
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()))
    const port = (echo.address() as net.AddressInfo).port
    try {
      await runningPod('web')
      await c.kc.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
        group: 'kwok.x-k8s.io',
        version: 'v1alpha1',
        namespace: c.namespace,
        plural: 'portforwards',
        body: {
          apiVersion: 'kwok.x-k8s.io/v1alpha1',
          kind: 'PortForward',
          metadata: { name: 'web', namespace: c.namespace },
          spec: { forwards: [{ ports: [8080], target: { address: '127.0.0.1', port } }] }
        }
      })
      const reply = await eventually('an echoed reply', 20_000, async () => {
        const input = new PassThrough()
        const output = new PassThrough()
        let received = ''
        output.on('data', (d: Buffer) => (received += d.toString()))
        const ws = await new PortForward(c.kc).portForward(c.namespace, 'web', [8080], output, null, input)
        try {
          input.write('ping layer8')
          await new Promise((r) => setTimeout(r, 700))
          return received.includes('echo:ping layer8') ? received : undefined
        } finally {
          input.end()
          const socket = typeof ws === 'function' ? ws() : ws
          socket?.close()
        }
      })
      expect(reply).toContain('echo:ping layer8')
    } finally {
      echo.close()
    }
  })
})
