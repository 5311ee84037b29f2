import type { Disposable } from '../../contract/client.ts'
import { COMMAND_NAMES, type CommandName, type CommandParams, type CommandResult } from '../../contract/commands.ts'
import type { AppErrorData, Result } from '../../contract/errors.ts'
import { TOPIC_NAMES, type TopicEvent, type TopicName, type TopicParams } from '../../contract/topics.ts'
import { toErrorData } from '../app-error.ts'
import { commandSchemas, describeIssues, topicSchemas } from './schemas.ts'
import { stableKey, type TopicHub, type TopicSink, type TopicSource } from './topic-hub.ts'

export type CommandHandlers = {
  [N in CommandName]: (params: CommandParams<N>) => Promise<CommandResult<N>>
}

export type TopicFactories = {
  [N in TopicName]: (params: TopicParams<N>) => TopicSource<TopicEvent<N>>
}

const isCommand = (name: unknown): name is CommandName =>
  typeof name === 'string' && (COMMAND_NAMES as readonly string[]).includes(name)
const isTopic = (name: unknown): name is TopicName =>
  typeof name === 'string' && (TOPIC_NAMES as readonly string[]).includes(name)

/**
 * The one place where untrusted input from any face meets the core: name checked against
 * the contract, params validated, every outcome returned as a Result.
 */
export class Dispatcher {
  private readonly handlers: CommandHandlers
  private readonly topics: TopicFactories
  private readonly hub: TopicHub

  constructor(handlers: CommandHandlers, topics: TopicFactories, hub: TopicHub) {
    this.handlers = handlers
    this.topics = topics
    this.hub = hub
  }

  async call(name: unknown, params: unknown): Promise<Result<unknown>> {
    if (!isCommand(name)) {
      return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `Unknown command ${JSON.stringify(name)}.` } }
    }
    const parsed = commandSchemas[name].safeParse(params ?? {})
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'INVALID_PARAMS', message: `Invalid params for ${name}: ${describeIssues(parsed.error)}` }
      }
    }
    const handler = this.handlers[name] as (p: unknown) => Promise<unknown>
    try {
      return { ok: true, value: await handler(parsed.data) }
    } catch (err) {
      return { ok: false, error: toErrorData(err) }
    }
  }

  /** Subscribes, or explains why not; the returned Disposable is the subscriber's to end. */
  subscribe(topic: unknown, params: unknown, sink: TopicSink<unknown>): Result<Disposable> {
    if (!isTopic(topic)) {
      return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `Unknown topic ${JSON.stringify(topic)}.` } }
    }
    const parsed = topicSchemas[topic].safeParse(params ?? {})
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'INVALID_PARAMS', message: `Invalid params for topic ${topic}: ${describeIssues(parsed.error)}` }
      }
    }
    const factory = this.topics[topic] as (p: unknown) => TopicSource<unknown>
    const data: unknown = parsed.data
    try {
      return { ok: true, value: this.hub.subscribe(stableKey(topic, data), () => factory(data), sink) }
    } catch (err) {
      return { ok: false, error: toErrorData(err) }
    }
  }

  get activeTopics(): number {
    return this.hub.activeCount
  }
}

export type { AppErrorData }
