import type { ApiClient, Result } from '@contract'

import { waitForTask } from '../../api/wait-for-task.ts'
import { useClusterStore } from '../../stores/cluster.ts'

type TaskStart = () => Promise<Result<{ taskId: string }>>

/** Starts a task and makes it the one the pane follows; undefined when the core refused. */
async function begin(start: TaskStart): Promise<string | undefined> {
  const store = useClusterStore
  if (store.getState().starting) return undefined
  store.setState({ starting: true, error: undefined })
  const result = await start()
  if (!result.ok) {
    store.setState({ starting: false, error: result.error })
    return undefined
  }
  store.setState({ starting: false, activeTaskId: result.value.taskId, task: undefined, log: [] })
  return result.value.taskId
}

export async function createCluster(client: ApiClient): Promise<void> {
  const { remaps, remapTexts } = useClusterStore.getState()
  // Always the full list: the store holds the saved remaps plus the user's edits, and [] clears them.
  const taskId = await begin(() => client.call('cluster.create', { remaps }))
  // The edits are saved now; fresh statuses may show them again. Not if the user typed on meanwhile.
  if (taskId !== undefined && useClusterStore.getState().remapTexts === remapTexts) {
    useClusterStore.setState({ remapsDirty: false })
  }
}

export async function startCluster(client: ApiClient): Promise<void> {
  await begin(() => client.call('cluster.start', {}))
}

export async function stopCluster(client: ApiClient): Promise<void> {
  await begin(() => client.call('cluster.stop', {}))
}

export async function deleteCluster(client: ApiClient): Promise<void> {
  await begin(() => client.call('cluster.delete', { confirm: true }))
}

export async function cancelTask(client: ApiClient): Promise<void> {
  const { activeTaskId } = useClusterStore.getState()
  if (activeTaskId === undefined) return
  const result = await client.call('task.cancel', { taskId: activeTaskId })
  if (!result.ok) useClusterStore.setState({ error: result.error })
}

/** Offered after a create failed half-way: clears what it left behind, then creates again. */
export async function deleteAndRetry(client: ApiClient): Promise<void> {
  const deleteId = await begin(() => client.call('cluster.delete', { confirm: true }))
  if (deleteId === undefined) return
  const ended = await waitForTask(client, deleteId)
  if (!ended.ok) return useClusterStore.setState({ error: ended.error })
  // A failed delete shows its own error in the progress view; creating on top of it would hide that.
  if (ended.value.state !== 'succeeded') return
  await createCluster(client)
}

/** After a reload the page picks up a task that is still running, e.g. a long create. */
export async function adoptRunningTask(client: ApiClient): Promise<void> {
  if (useClusterStore.getState().activeTaskId !== undefined) return
  const result = await client.call('task.list', {})
  if (!result.ok) return
  const running = result.value.filter((t) => t.state === 'running').sort((a, b) => b.startedAt - a.startedAt)[0]
  if (running !== undefined && useClusterStore.getState().activeTaskId === undefined) {
    useClusterStore.setState({ activeTaskId: running.id, task: running, log: [] })
  }
}
