import { toErrorData } from '../app-error.ts'
import type { TopicSource } from './topic-hub.ts'

/**
 * A topic fed by reading something every `intervalMs` while anyone listens: an event only
 * when the answer changed, late joiners get the last answer, a failed read ends the stream.
 */
export function polledTopic<E>(read: () => Promise<E>, intervalMs: number): TopicSource<E> {
  let last: E | undefined
  let lastJson = ''
  return {
    snapshot: () => last,
    start: (sink) => {
      let stopped = false
      let timer: NodeJS.Timeout | undefined
      const tick = async (): Promise<void> => {
        let next: E
        try {
          next = await read()
        } catch (err) {
          if (!stopped) sink.end(toErrorData(err))
          return
        }
        if (stopped) return
        const json = JSON.stringify(next)
        if (json !== lastJson) {
          last = next
          lastJson = json
          sink.event(next)
        }
        timer = setTimeout(() => void tick(), intervalMs)
      }
      void tick()
      return {
        dispose: () => {
          stopped = true
          if (timer !== undefined) clearTimeout(timer)
        }
      }
    }
  }
}
