import { useState } from 'react'

import type { ClusterStatus } from '@contract'

import { TargetForm } from './TargetForm.tsx'

/** Which cluster the screen works on, in words a user recognises from kind or their kubeconfig. */
export function describeTarget(status: ClusterStatus): string {
  if (status.provider === 'kind') return `kind cluster ${status.name}`
  return `${status.context ?? status.name} from ${status.kubeconfigPath ?? 'a kubeconfig file'}`
}

/** The current target, and a small form to point the screen at another one. */
export function TargetPicker({ status }: { status: ClusterStatus }) {
  const [open, setOpen] = useState(false)

  return (
    <div className="target-picker">
      <p className="target-line">
        <span className="muted">Target:</span> <span data-testid="target-current">{describeTarget(status)}</span>{' '}
        <button type="button" data-testid="target-change" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Close' : 'Change target'}
        </button>
      </p>
      {open && <TargetForm status={status} onDone={() => setOpen(false)} />}
    </div>
  )
}
