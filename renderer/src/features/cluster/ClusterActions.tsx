import { useState } from 'react'

import type { ClusterStatus, TaskInfo } from '@contract'

import { useApi } from '../../api/client-context.tsx'
import { availability, createLabel, type ClusterAction } from './action-rules.ts'
import { createCluster, deleteCluster, startCluster, stopCluster } from './cluster-actions.ts'
import { ConfirmDialog } from './ConfirmDialog.tsx'

interface ClusterActionsProps {
  status: ClusterStatus | undefined
  task: TaskInfo | undefined
  starting: boolean
  /** Why the remap fields keep Create from starting, if they do. */
  remapIssue?: string
}

const ACTIONS: ClusterAction[] = ['create', 'start', 'stop', 'delete']
const ADOPT_HINT = 'Use the existing cluster: start its nodes, fetch its kubeconfig and install the add-ons.'

export function ClusterActions({ status, task, starting, remapIssue }: ClusterActionsProps) {
  const client = useApi()
  const [confirming, setConfirming] = useState(false)
  const rules = availability(status, task, starting, remapIssue)
  const create = createLabel(status)
  const labels: Record<ClusterAction, string> = { create, start: 'Start', stop: 'Stop', delete: 'Delete' }
  const run: Record<ClusterAction, () => void> = {
    create: () => void createCluster(client),
    start: () => void startCluster(client),
    stop: () => void stopCluster(client),
    delete: () => setConfirming(true)
  }
  // One shared reason reads better than the same sentence under four buttons.
  const reasons = new Set(Object.values(rules).flatMap((r) => (r.reason === undefined ? [] : [r.reason])))
  const shared = reasons.size === 1 && Object.values(rules).every((r) => !r.enabled) ? [...reasons][0] : undefined

  return (
    <div className="cluster-actions">
      <div className="button-row">
        {ACTIONS.map((action) => (
          <button
            key={action}
            type="button"
            className={action === 'delete' ? 'danger' : undefined}
            data-testid={'cluster-' + action}
            disabled={!rules[action].enabled}
            title={rules[action].reason ?? (action === 'create' && create === 'Adopt' ? ADOPT_HINT : undefined)}
            onClick={run[action]}
          >
            {labels[action]}
          </button>
        ))}
      </div>
      {shared !== undefined ? (
        <p className="muted" data-testid="actions-disabled-reason">
          {shared}
        </p>
      ) : (
        <ul className="muted reasons">
          {ACTIONS.flatMap((action) =>
            rules[action].reason === undefined
              ? []
              : [<li key={action} data-testid={'reason-' + action}>{`${labels[action]}: ${rules[action].reason}`}</li>]
          )}
        </ul>
      )}
      {confirming && status !== undefined && (
        <ConfirmDialog
          title="Delete the cluster"
          message={`Delete cluster ${status.name}? Its data is lost.`}
          confirmLabel="Delete"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false)
            void deleteCluster(client)
          }}
        />
      )}
    </div>
  )
}
