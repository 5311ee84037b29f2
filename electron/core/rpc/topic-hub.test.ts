import { describe, expect, it } from 'vitest'

import { stableKey, TopicHub, type TopicSink } from './topic-hub.ts'

function counter(): {
  starts: number
  stops: number
  emit?: (n: number) => void
  source: () => { start(s: TopicSink<number>): { dispose(): void }; snapshot(): number }
} {
  const state = { starts: 0, stops: 0, last: 0, emit: undefined as ((n: number) => void) | undefined }
  return {
    get starts() {
      return state.starts
    },
    get stops() {
      return state.stops
    },
    get emit() {
      return state.emit
    },
    source: () => ({
      start: (sink) => {
        state.starts++
        state.emit = (n) => {
          state.last = n
          sink.event(n)
        }
        return { dispose: () => state.stops++ }
      },
      snapshot: () => state.last
    })
  }
}

describe('topic hub', () => {
  it('shares one producer per key, replays a snapshot to late joiners, and stops after the last leaves', () => {
    const hub = new TopicHub()
    const c = counter()
    const a: number[] = []
    const b: number[] = []
    const da = hub.subscribe('k', c.source, { event: (n) => a.push(n), end: () => undefined })
    c.emit?.(1)
    const db = hub.subscribe('k', c.source, { event: (n) => b.push(n), end: () => undefined })
    c.emit?.(2)
    expect(c.starts).toBe(1)
    expect(a).toEqual([1, 2])
    expect(b).toEqual([1, 2])
    da.dispose()
    da.dispose()
    expect(c.stops).toBe(0)
    db.dispose()
    expect(c.stops).toBe(1)
    expect(hub.activeCount).toBe(0)
  })

  it('keys params regardless of property order', () => {
    expect(stableKey('ports', { a: 1, b: [2, { d: 1, c: 2 }] })).toBe(
      stableKey('ports', { b: [2, { c: 2, d: 1 }], a: 1 })
    )
    expect(stableKey('ports', { ports: [1, 2] })).not.toBe(stableKey('ports', { ports: [2, 1] }))
  })

  it('ends every subscriber when the producer ends', () => {
    const hub = new TopicHub()
    const ended: string[] = []
    let endIt: () => void = () => undefined
    const source = (): { start(s: TopicSink<number>): { dispose(): void } } => ({
      start: (sink) => {
        endIt = () => sink.end({ code: 'KUBE_API', message: 'gone' })
        return { dispose: () => undefined }
      }
    })
    hub.subscribe('x', source, { event: () => undefined, end: (e) => ended.push(`a:${e?.code}`) })
    hub.subscribe('x', source, { event: () => undefined, end: (e) => ended.push(`b:${e?.code}`) })
    endIt()
    expect(ended).toEqual(['a:KUBE_API', 'b:KUBE_API'])
    expect(hub.activeCount).toBe(0)
  })
})
