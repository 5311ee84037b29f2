import { useEffect } from 'react'

import { useApi } from '../../api/client-context.tsx'
import { useTopic } from '../../api/use-topic.ts'
import { useClusterStore } from '../../stores/cluster.ts'
import { remapIssue, remapProblems } from '../../stores/remaps.ts'
import { ErrorNote } from '../../ui/ErrorNote.tsx'
import { adoptRunningTask } from './cluster-actions.ts'
import { ClusterActions } from './ClusterActions.tsx'
import { ClusterSummary } from './ClusterSummary.tsx'
import { PortTable } from './PortTable.tsx'
import { TargetPicker } from './TargetPicker.tsx'
import { TaskProgress } from './TaskProgress.tsx'

/** The local cluster: what state it is in, what can be done with it, and the task doing it. */
export function ClusterPane() {
  const client = useApi()
  const status = useClusterStore((s) => s.status)
  const error = useClusterStore((s) => s.error)
  const refreshing = useClusterStore((s) => s.refreshing)
  const starting = useClusterStore((s) => s.starting)
  const activeTaskId = useClusterStore((s) => s.activeTaskId)
  const task = useClusterStore((s) => s.task)
  const log = useClusterStore((s) => s.log)
  const remapTexts = useClusterStore((s) => s.remapTexts)
  const refresh = useClusterStore((s) => s.refresh)
  const setRemapText = useClusterStore((s) => s.setRemapText)
  const applyTaskEvent = useClusterStore((s) => s.applyTaskEvent)
  const setStatus = useClusterStore((s) => s.setStatus)

  useEffect(() => {
    void refresh(client)
    void adoptRunningTask(client)
  }, [client, refresh])

  // Live while the pane is shown: a cluster stopped from a terminal, or a node going NotReady, shows up here.
  useTopic(client, 'clusterStatus', {}, setStatus)

  useTopic(client, 'task', activeTaskId === undefined ? undefined : { taskId: activeTaskId }, applyTaskEvent, (end) => {
    if (end !== undefined) useClusterStore.setState({ error: end })
  })

  // Whatever a task did (created, stopped, failed half-way), the status is stale once it ends.
  const ended = task !== undefined && task.state !== 'running'
  useEffect(() => {
    if (ended) void refresh(client)
  }, [client, refresh, ended, task?.id])

  const problems = status === undefined ? [] : remapProblems(status.ports, remapTexts)
  const issue = remapIssue(problems)

  return (
    <section className="screen" aria-labelledby="cluster-heading">
      <header className="screen-header">
        <h1 id="cluster-heading">Cluster</h1>
        <button type="button" onClick={() => void refresh(client)} disabled={refreshing}>
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </header>

      {error !== undefined && <ErrorNote error={error} />}
      {status === undefined && error === undefined && <p className="spinner">Reading the cluster status…</p>}

      {status !== undefined && (
        <>
          <TargetPicker status={status} />
          {status.problem !== undefined && <ErrorNote error={status.problem} />}
          <ClusterSummary status={status} />
          <ClusterActions status={status} task={task} starting={starting} remapIssue={issue} />
          {task !== undefined && <TaskProgress task={task} log={log} busy={starting} createBlocked={issue} />}
          <h2>Ports</h2>
          {status.ports.length === 0 ? (
            <p className="muted">This cluster maps no host ports.</p>
          ) : (
            <PortTable
              ports={status.ports}
              texts={remapTexts}
              problems={problems}
              editable={!status.exists && status.kindActionsDisabledReason === undefined}
              servedByCluster={status.provider === 'kind' && status.running}
              onRemap={setRemapText}
            />
          )}
        </>
      )}
    </section>
  )
}
