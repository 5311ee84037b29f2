import { createContext, use, type ReactNode } from 'react'

import type { ApiClient } from '@contract'

const ApiContext = createContext<ApiClient | undefined>(undefined)

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext value={client}>{children}</ApiContext>
}

export function useApi(): ApiClient {
  const client = use(ApiContext)
  if (client === undefined) throw new Error('useApi() needs an <ApiProvider> above it.')
  return client
}
