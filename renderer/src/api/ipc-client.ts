import type {
  ApiClient,
  AppErrorData,
  CommandName,
  CommandParams,
  CommandResult,
  DesktopBridge,
  Disposable,
  Result,
  SubscriptionHandlers,
  TopicEvent,
  TopicName,
  TopicParams
} from '@contract'

/** IPC only fails this way when the main process itself broke; handlers answer with Results. */
const bridgeFailure = (err: unknown): AppErrorData => ({
  code: 'INTERNAL',
  message: 'Layer8 Desktop did not answer.',
  hint: 'Restart the app. If it keeps happening, report it with the app log.',
  details: { cause: err instanceof Error ? err.message : String(err) }
})

/** The desktop face's client: the preload's bridge, which lives as long as the window. */
export function createIpcClient(bridge: DesktopBridge): ApiClient {
  function call<N extends CommandName>(name: N, params: CommandParams<N>): Promise<Result<CommandResult<N>>> {
    return bridge.call(name, params).then(
      // The main process answers with the contract's result for `name`.
      (result) => result as Result<CommandResult<N>>,
      (err: unknown) => ({ ok: false, error: bridgeFailure(err) })
    )
  }

  function subscribe<N extends TopicName>(
    topic: N,
    params: TopicParams<N>,
    handlers: SubscriptionHandlers<N>
  ): Disposable {
    let stop: (() => void) | undefined = bridge.subscribe(
      topic,
      params,
      (event) => handlers.onEvent(event as TopicEvent<N>),
      (error) => {
        stop = undefined
        handlers.onEnd?.(error)
      }
    )
    return {
      dispose: () => {
        const s = stop
        stop = undefined
        s?.()
      }
    }
  }

  return {
    call,
    subscribe,
    connection: 'open',
    onConnectionChange: () => ({ dispose: () => undefined })
  }
}
