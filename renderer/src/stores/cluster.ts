import { create } from 'zustand'

import type { ApiClient, AppErrorData, ClusterStatus, PortRemap, TaskEvent, TaskInfo } from '@contract'

import { reduceTask } from './task-reducer.ts'

export interface ClusterStore {
  status?: ClusterStatus
  /** The last failed call (status, or starting a task); a task's own failure lives in `task.error`. */
  error?: AppErrorData
  refreshing: boolean
  /** A call that starts a task is in flight; the buttons wait for it. */
  starting: boolean
  activeTaskId?: string
  task?: TaskInfo
  log: string[]
  /** Host ports the user chose instead of the design's, sent with the next create. */
  remaps: PortRemap[]
  refresh: (client: ApiClient) => Promise<void>
  applyTaskEvent: (event: TaskEvent) => void
  setRemap: (from: number, to: number | undefined) => void
}

export const useClusterStore = create<ClusterStore>()((set, get) => ({
  refreshing: false,
  starting: false,
  log: [],
  remaps: [],
  refresh: async (client) => {
    set({ refreshing: true })
    const result = await client.call('cluster.status', {})
    set(
      result.ok
        ? { refreshing: false, status: result.value, error: undefined }
        : { refreshing: false, error: result.error }
    )
  },
  applyTaskEvent: (event) => {
    const { activeTaskId, task: current, log: currentLog } = get()
    // A late event of a task the page has moved on from must not overwrite the new one.
    if ((event.type === 'snapshot' || event.type === 'state') && event.task.id !== activeTaskId) return
    const { task, log } = reduceTask({ task: current, log: currentLog }, event)
    set({ task, log })
  },
  setRemap: (from, to) => {
    const others = get().remaps.filter((r) => r.from !== from)
    set({ remaps: to === undefined || to === from ? others : [...others, { from, to }] })
  }
}))
