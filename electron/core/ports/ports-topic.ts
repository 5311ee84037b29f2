import type { PortStatus } from '../../contract/models.ts'
import type { TopicSource } from '../rpc/topic-hub.ts'
import { checkPorts, type PortCheckDeps } from './check-ports.ts'

const same = (a: PortStatus[], b: PortStatus[]): boolean => JSON.stringify(a) === JSON.stringify(b)

/** Re-checks host ports every `intervalMs`; emits only when the answer changes. */
export function portsTopic(ports: number[], deps: PortCheckDeps, intervalMs = 3000): TopicSource<PortStatus[]> {
  let last: PortStatus[] | undefined
  return {
    snapshot: () => last,
    start: (sink) => {
      let stopped = false
      let timer: NodeJS.Timeout | undefined
      const tick = async (): Promise<void> => {
        const next = await checkPorts(ports, deps)
        if (stopped) return
        if (last === undefined || !same(last, next)) {
          last = next
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
