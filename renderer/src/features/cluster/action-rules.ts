import type { ClusterStatus, TaskInfo } from '@contract'

export type ClusterAction = 'create' | 'start' | 'stop' | 'delete'

export interface Availability {
  enabled: boolean
  /** Why the action is unavailable, shown next to it. */
  reason?: string
}

const off = (reason: string): Availability => ({ enabled: false, reason })
const on: Availability = { enabled: true }

/** Which buttons make sense for this status; the core checks again, this only avoids dead ends. */
export function availability(
  status: ClusterStatus | undefined,
  task: TaskInfo | undefined,
  starting: boolean
): Record<ClusterAction, Availability> {
  const all = (a: Availability): Record<ClusterAction, Availability> => ({ create: a, start: a, stop: a, delete: a })
  if (status === undefined) return all(off('The cluster status is not known yet.'))
  if (status.kindActionsDisabledReason !== undefined) return all(off(status.kindActionsDisabledReason))
  if (starting) return all(off('Starting…'))
  if (task?.state === 'running') return all(off(`Wait for “${task.title}” to finish.`))
  return {
    create: status.exists ? off(`Cluster ${status.name} already exists.`) : on,
    start: !status.exists ? off('Create the cluster first.') : status.running ? off('It is already running.') : on,
    stop: status.running ? on : off('It is not running.'),
    delete: status.exists ? on : off('There is no cluster to delete.')
  }
}
