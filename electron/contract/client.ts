import type { CommandName, CommandParams, CommandResult } from './commands.ts'
import type { Result } from './errors.ts'
import type { AppErrorData } from './errors.ts'
import type { TopicEvent, TopicName, TopicParams } from './topics.ts'

export interface Disposable {
  dispose(): void
}

/** 'unauthorised': the server refuses this page's token (it restarted with a new one). */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'unauthorised'

export interface SubscriptionHandlers<N extends TopicName> {
  onEvent(event: TopicEvent<N>): void
  /** The stream ended on the core's side; with an error when it failed. */
  onEnd?(error?: AppErrorData): void
}

/** What every face's client offers the UI; the renderer codes against this only. */
export interface ApiClient {
  call<N extends CommandName>(name: N, params: CommandParams<N>): Promise<Result<CommandResult<N>>>
  subscribe<N extends TopicName>(topic: N, params: TopicParams<N>, handlers: SubscriptionHandlers<N>): Disposable
  onConnectionChange(listener: (state: ConnectionState) => void): Disposable
  readonly connection: ConnectionState
}

/** The single object the desktop preload puts on `window`. */
export interface DesktopBridge {
  call(name: string, params: unknown): Promise<Result<unknown>>
  subscribe(
    topic: string,
    params: unknown,
    onEvent: (event: unknown) => void,
    onEnd: (error?: AppErrorData) => void
  ): () => void
  openExternal(url: string): Promise<Result<null>>
}
