import type { TaskInfo } from '@contract'

import { useApi } from '../../api/client-context.tsx'
import { ErrorNote } from '../../ui/ErrorNote.tsx'
import { formatSeconds } from '../../ui/format.ts'
import { cancelTask, createCluster, deleteAndRetry } from './cluster-actions.ts'
import { LogView } from './LogView.tsx'
import { StepList } from './StepList.tsx'

const STATE_TEXT: Record<TaskInfo['state'], string> = {
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled'
}

interface TaskProgressProps {
  task: TaskInfo
  log: string[]
  /** A call is starting another task; the offers would race it. */
  busy: boolean
  /** Why a create cannot start now (a remap field is not a port), if it cannot. */
  createBlocked?: string
}

export function TaskProgress({ task, log, busy, createBlocked }: TaskProgressProps) {
  const client = useApi()
  const running = task.state === 'running'
  const offers = task.offers ?? []

  return (
    <section className="task-progress" data-testid="task-progress" data-state={task.state} aria-live="polite">
      <header className="task-header">
        <h2>{task.title}</h2>
        <span className={`task-state task-${task.state}`}>
          {STATE_TEXT[task.state]}
          {task.endedAt !== undefined && ` in ${formatSeconds(task.endedAt - task.startedAt)}`}
        </span>
        {running && (
          <button type="button" data-testid="task-cancel" onClick={() => void cancelTask(client)}>
            Cancel
          </button>
        )}
      </header>

      <StepList steps={task.steps} live={running} />

      {task.state === 'failed' && task.error !== undefined && <ErrorNote error={task.error} />}
      {!running && (offers.includes('deleteAndRetry') || offers.includes('retry')) && (
        <div className="button-row">
          {offers.includes('deleteAndRetry') && (
            <button
              type="button"
              data-testid="task-delete-retry"
              disabled={busy || createBlocked !== undefined}
              title={createBlocked}
              onClick={() => void deleteAndRetry(client)}
            >
              Delete and retry
            </button>
          )}
          {offers.includes('retry') && task.kind === 'cluster.create' && (
            <button
              type="button"
              data-testid="task-retry"
              disabled={busy || createBlocked !== undefined}
              title={createBlocked}
              onClick={() => void createCluster(client)}
            >
              Retry
            </button>
          )}
        </div>
      )}

      <LogView lines={log} total={task.logLines} />
    </section>
  )
}
