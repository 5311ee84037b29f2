import { create } from 'zustand'

import type { ApiClient, AppErrorData, ClusterStatus, PortRemap, TaskEvent, TaskInfo } from '@contract'

import { remapsFromTexts, remapsToTexts, seedRemaps, type RemapTexts } from './remaps.ts'
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
  /** Host ports to use instead of the design's, all of them: the next create sends this list, even empty. */
  remaps: PortRemap[]
  /** What the remap fields hold, as typed, by design host port. */
  remapTexts: RemapTexts
  /** The user changed a field since the last create started; a fresh status must not overwrite that. */
  remapsDirty: boolean
  refresh: (client: ApiClient) => Promise<void>
  /** Takes a fresh status, and the remaps it shows unless the user is editing them. */
  setStatus: (status: ClusterStatus) => void
  applyTaskEvent: (event: TaskEvent) => void
  setRemapText: (from: number, text: string) => void
}

export const useClusterStore = create<ClusterStore>()((set, get) => ({
  refreshing: false,
  starting: false,
  log: [],
  remaps: [],
  remapTexts: {},
  remapsDirty: false,
  refresh: async (client) => {
    set({ refreshing: true })
    const result = await client.call('cluster.status', {})
    if (!result.ok) return set({ refreshing: false, error: result.error })
    set({ refreshing: false })
    get().setStatus(result.value)
  },
  setStatus: (status) => {
    // An existing cluster's host ports are fixed: edits made before it appeared can no longer apply.
    if (get().remapsDirty && !status.exists) return set({ status, error: undefined })
    const remaps = seedRemaps(status.ports)
    set({ status, error: undefined, remaps, remapTexts: remapsToTexts(remaps), remapsDirty: false })
  },
  applyTaskEvent: (event) => {
    const { activeTaskId, task: current, log: currentLog } = get()
    // A late event of a task the page has moved on from must not overwrite the new one.
    if ((event.type === 'snapshot' || event.type === 'state') && event.task.id !== activeTaskId) return
    const { task, log } = reduceTask({ task: current, log: currentLog }, event)
    set({ task, log })
  },
  setRemapText: (from, text) => {
    const texts = { ...get().remapTexts, [from]: text }
    set({ remapTexts: texts, remaps: remapsFromTexts(texts), remapsDirty: true })
  }
}))
