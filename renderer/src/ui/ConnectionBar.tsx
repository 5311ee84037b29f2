import type { ConnectionState } from '@contract'

import { useConnectionStore } from '../stores/connection.ts'

const TEXT: Record<ConnectionState, string> = {
  open: '',
  connecting: 'Connecting to Layer8 Desktop…',
  reconnecting: 'Reconnecting…',
  unauthorised:
    'This page may no longer reach Layer8 Desktop: it restarted with a new token. Open the URL that "l8dev serve" printed.',
  closed: 'Disconnected from Layer8 Desktop. Reload the page to connect again.'
}

/** Always rendered, so tests and screen readers can follow the state; only visible when not open. */
export function ConnectionBar() {
  const state = useConnectionStore((s) => s.state)
  return (
    <div
      className={`connection-bar connection-${state}`}
      data-testid="connection-state"
      data-state={state}
      role="status"
      hidden={state === 'open'}
    >
      {TEXT[state]}
    </div>
  )
}
