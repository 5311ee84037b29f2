import type { AppErrorData } from '../../contract/errors.ts'
import type { Disposable } from '../../contract/client.ts'

export interface TopicSink<E> {
  event(e: E): void
  end(error?: AppErrorData): void
}

/** One live producer of a topic for one params value, shared by every subscriber. */
export interface TopicSource<E> {
  start(sink: TopicSink<E>): Disposable
  /** What a subscriber joining late should see first, if anything. */
  snapshot?(): E | undefined
}

interface Entry {
  listeners: Set<TopicSink<unknown>>
  source: TopicSource<unknown>
  running: Disposable | undefined
  ended: boolean
}

/** JSON with sorted keys, so `{a,b}` and `{b,a}` share one producer. */
export function stableKey(topic: string, params: unknown): string {
  const norm = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(norm)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, norm(x)])
          )
        : v
  return `${topic}:${JSON.stringify(norm(params))}`
}

/**
 * Reference-counted topics: the producer starts with the first subscriber and is disposed
 * when the last one leaves, so nothing keeps running for a closed window or socket.
 */
export class TopicHub {
  private readonly entries = new Map<string, Entry>()

  subscribe<E>(key: string, makeSource: () => TopicSource<E>, sink: TopicSink<E>): Disposable {
    let entry = this.entries.get(key)
    const listener = sink as TopicSink<unknown>
    if (entry === undefined) {
      const created: Entry = {
        listeners: new Set([listener]),
        source: makeSource(),
        running: undefined,
        ended: false
      }
      this.entries.set(key, created)
      entry = created
      const sinkForSource: TopicSink<unknown> = {
        event: (e) => {
          for (const l of [...created.listeners]) l.event(e)
        },
        end: (error) => {
          // A producer already disposed may still end late; its key may belong to a newer one.
          if (created.ended) return
          created.ended = true
          this.entries.delete(key)
          for (const l of [...created.listeners]) l.end(error)
          created.listeners.clear()
          created.running?.dispose()
        }
      }
      try {
        created.running = created.source.start(sinkForSource)
      } catch (err) {
        this.entries.delete(key)
        throw err
      }
      if (created.ended) created.running.dispose()
    } else {
      entry.listeners.add(listener)
      const snap = entry.source.snapshot?.()
      if (snap !== undefined) listener.event(snap)
    }
    const owner = entry
    let disposed = false
    return {
      dispose: () => {
        if (disposed) return
        disposed = true
        owner.listeners.delete(listener)
        if (owner.listeners.size === 0 && !owner.ended) {
          owner.ended = true
          this.entries.delete(key)
          owner.running?.dispose()
        }
      }
    }
  }

  /** Producers alive right now; tests use it to prove cleanup. */
  get activeCount(): number {
    return this.entries.size
  }

  dispose(): void {
    for (const entry of [...this.entries.values()]) {
      entry.ended = true
      entry.running?.dispose()
      for (const l of entry.listeners) l.end({ code: 'CANCELLED', message: 'Layer8 Desktop is shutting down.' })
    }
    this.entries.clear()
  }
}
