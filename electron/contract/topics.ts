import type { ClusterStatus, PortStatus, TaskInfo, TaskStep } from './models.ts'
import type { AppErrorData } from './errors.ts'

export type TaskEvent =
  | { type: 'snapshot'; task: TaskInfo; log: string[] }
  | { type: 'log'; lines: string[] }
  | { type: 'step'; step: TaskStep }
  | { type: 'state'; task: TaskInfo }

/**
 * Streams a face can subscribe to: name -> params and event.
 * A subscription ends when the subscriber disposes it or its connection drops.
 */
export interface Topics {
  /** Host port status, re-checked periodically; an event only when something changed. */
  ports: { params: { ports: number[] }; event: PortStatus[] }
  /** One task's progress: a snapshot first, then steps, log lines and state changes. */
  task: { params: { taskId: string }; event: TaskEvent }
  /** The list of tasks whenever one starts or changes state. */
  tasks: { params: Record<string, never>; event: TaskInfo[] }
  /** The target cluster's status, re-read every few seconds; an event only when it changed. */
  clusterStatus: { params: Record<string, never>; event: ClusterStatus }
}

export type TopicName = keyof Topics
export type TopicParams<N extends TopicName> = Topics[N]['params']
export type TopicEvent<N extends TopicName> = Topics[N]['event']

export const TOPIC_NAMES = ['ports', 'task', 'tasks', 'clusterStatus'] as const satisfies readonly TopicName[]

type Missing = Exclude<TopicName, (typeof TOPIC_NAMES)[number]>
export const allTopicsListed: Missing extends never ? true : Missing = true

export type { AppErrorData }
