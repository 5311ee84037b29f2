import { useEffect, useEffectEvent } from 'react'

import type { AppErrorData, ApiClient, TopicEvent, TopicName, TopicParams } from '@contract'

/**
 * Subscribes while the component is mounted and `params` is given; `undefined` params mean
 * "nothing to watch yet". The subscription is keyed on the params' JSON, so a new object with
 * the same content does not resubscribe.
 */
export function useTopic<N extends TopicName>(
  client: ApiClient,
  topic: N,
  params: TopicParams<N> | undefined,
  onEvent: (event: TopicEvent<N>) => void,
  onEnd?: (error?: AppErrorData) => void
): void {
  const key = params === undefined ? undefined : JSON.stringify(params)
  const handleEvent = useEffectEvent(onEvent)
  const handleEnd = useEffectEvent((error?: AppErrorData) => onEnd?.(error))

  useEffect(() => {
    if (key === undefined) return
    const sub = client.subscribe(topic, JSON.parse(key) as TopicParams<N>, {
      onEvent: (event) => handleEvent(event),
      onEnd: (error) => handleEnd(error)
    })
    return () => sub.dispose()
  }, [client, topic, key])
}
