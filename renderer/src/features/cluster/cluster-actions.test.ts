import { beforeEach, describe, expect, it } from 'vitest'

import type { ApiClient, CommandName, CommandParams, CommandResult, Result } from '@contract'

import { useClusterStore } from '../../stores/cluster.ts'
import { createCluster } from './cluster-actions.ts'

/** Answers every call with a task id and remembers what was asked. */
function fakeClient(calls: { name: CommandName; params: unknown }[]): ApiClient {
  return {
    call: <N extends CommandName>(name: N, params: CommandParams<N>) => {
      calls.push({ name, params })
      return Promise.resolve({ ok: true, value: { taskId: 't1' } } as Result<CommandResult<N>>)
    },
    subscribe: () => ({ dispose: () => undefined }),
    onConnectionChange: () => ({ dispose: () => undefined }),
    connection: 'open'
  }
}

describe('createCluster', () => {
  beforeEach(() =>
    useClusterStore.setState({
      remaps: [],
      remapTexts: {},
      remapsDirty: false,
      starting: false,
      activeTaskId: undefined
    })
  )

  it('sends the full remap list, even an empty one, so a cleared remap is cleared', async () => {
    const calls: { name: CommandName; params: unknown }[] = []
    useClusterStore.getState().setRemapText(5432, '')
    await createCluster(fakeClient(calls))
    expect(calls).toEqual([{ name: 'cluster.create', params: { remaps: [] } }])
  })

  it('sends the edited remaps and counts them saved once the create started', async () => {
    const calls: { name: CommandName; params: unknown }[] = []
    useClusterStore.getState().setRemapText(5432, '15432')
    expect(useClusterStore.getState().remapsDirty).toBe(true)
    await createCluster(fakeClient(calls))
    expect(calls).toEqual([{ name: 'cluster.create', params: { remaps: [{ from: 5432, to: 15432 }] } }])
    expect(useClusterStore.getState().remapsDirty).toBe(false)
    expect(useClusterStore.getState().activeTaskId).toBe('t1')
  })
})
