import { create } from 'zustand'

import type { ApiClient, ConnectionState, Disposable } from '@contract'

interface ConnectionStore {
  state: ConnectionState
}

export const useConnectionStore = create<ConnectionStore>()(() => ({ state: 'connecting' }))

/** Mirrors the client's connection into the store until disposed. */
export function trackConnection(client: ApiClient): Disposable {
  useConnectionStore.setState({ state: client.connection })
  return client.onConnectionChange((state) => useConnectionStore.setState({ state }))
}
