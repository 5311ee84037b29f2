import type { PortStatus } from '../../contract/models.ts'
import { polledTopic } from '../rpc/polled-topic.ts'
import type { TopicSource } from '../rpc/topic-hub.ts'
import { checkPorts, type PortCheckDeps } from './check-ports.ts'

/** Re-checks host ports every `intervalMs`; emits only when the answer changes. */
export function portsTopic(ports: number[], deps: PortCheckDeps, intervalMs = 3000): TopicSource<PortStatus[]> {
  return polledTopic(() => checkPorts(ports, deps), intervalMs)
}
