import type { ClusterStatus, TaskInfo } from '@contract'

export type ClusterAction = 'create' | 'start' | 'stop' | 'delete'

export interface Availability {
  enabled: boolean
  /** Why the action is unavailable, shown next to it. */
  reason?: string
}

const off = (reason: string): Availability => ({ enabled: false, reason })
const on: Availability = { enabled: true }

/**
 * A kind cluster that exists but is stopped or unreachable (made outside the app, or stopped) can be adopted:
 * the create command starts its nodes, fetches its kubeconfig and installs the add-ons.
 */
export function canAdopt(status: ClusterStatus | undefined): boolean {
  return (
    status !== undefined &&
    status.exists &&
    status.kindActionsDisabledReason === undefined &&
    (!status.running || !status.apiReachable)
  )
}

/** The Create button's words: it adopts a cluster that exists, creates one otherwise. */
export function createLabel(status: ClusterStatus | undefined): 'Create' | 'Adopt' {
  return canAdopt(status) ? 'Adopt' : 'Create'
}

/**
 * Which buttons make sense for this status; the core checks again, this only avoids dead ends.
 * `remapIssue` says why the remap fields keep a create (or adopt) from starting.
 */
export function availability(
  status: ClusterStatus | undefined,
  task: TaskInfo | undefined,
  starting: boolean,
  remapIssue?: string
): Record<ClusterAction, Availability> {
  const all = (a: Availability): Record<ClusterAction, Availability> => ({ create: a, start: a, stop: a, delete: a })
  if (status === undefined) return all(off('The cluster status is not known yet.'))
  if (status.kindActionsDisabledReason !== undefined) return all(off(status.kindActionsDisabledReason))
  if (starting) return all(off('Starting…'))
  if (task?.state === 'running') return all(off(`Wait for “${task.title}” to finish.`))
  const create =
    status.exists && !canAdopt(status)
      ? off(`Cluster ${status.name} already exists.`)
      : remapIssue !== undefined
        ? off(remapIssue)
        : on
  return {
    create,
    start: !status.exists ? off('Create the cluster first.') : status.running ? off('It is already running.') : on,
    stop: status.running ? on : off('It is not running.'),
    delete: status.exists ? on : off('There is no cluster to delete.')
  }
}
