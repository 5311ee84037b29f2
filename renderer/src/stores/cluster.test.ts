import { beforeEach, describe, expect, it } from 'vitest'

import type { ClusterStatus } from '@contract'

import { useClusterStore } from './cluster.ts'

const status = (extra: Partial<ClusterStatus> = {}): ClusterStatus => ({
  name: 'layer8-dev',
  provider: 'kind',
  exists: false,
  running: false,
  apiReachable: false,
  nodes: [],
  ports: [
    { hostPort: 80, containerPort: 30080, purpose: 'HTTP', designHostPort: 80 },
    { hostPort: 15432, containerPort: 30432, purpose: 'PostgreSQL', designHostPort: 5432 }
  ],
  ...extra
})

const state = () => useClusterStore.getState()

describe('cluster store remaps', () => {
  beforeEach(() => useClusterStore.setState({ remaps: [], remapTexts: {}, remapsDirty: false, status: undefined }))

  it('seeds the remaps and the fields from a status', () => {
    state().setStatus(status())
    expect(state().remaps).toEqual([{ from: 5432, to: 15432 }])
    expect(state().remapTexts).toEqual({ 5432: '15432' })
    expect(state().remapsDirty).toBe(false)
  })

  it('keeps what the user typed, marks it unsaved, and sends only ports', () => {
    state().setStatus(status())
    state().setRemapText(80, '70000')
    expect(state().remapTexts).toEqual({ 80: '70000', 5432: '15432' })
    expect(state().remaps).toEqual([{ from: 5432, to: 15432 }])
    expect(state().remapsDirty).toBe(true)
    state().setRemapText(5432, '')
    expect(state().remaps).toEqual([])
  })

  it('does not overwrite unsaved edits with a fresh status', () => {
    state().setStatus(status())
    state().setRemapText(5432, '25432')
    const fresh = status({
      ports: [{ hostPort: 5432, containerPort: 30432, purpose: 'PostgreSQL', designHostPort: 5432 }]
    })
    state().setStatus(fresh)
    expect(state().status).toBe(fresh)
    expect(state().remaps).toEqual([{ from: 5432, to: 25432 }])
  })

  it('re-seeds once the edits are saved, or a cluster exists whose ports are fixed', () => {
    state().setRemapText(5432, '25432')
    useClusterStore.setState({ remapsDirty: false })
    state().setStatus(status())
    expect(state().remaps).toEqual([{ from: 5432, to: 15432 }])
    state().setRemapText(5432, '25432')
    state().setStatus(status({ exists: true }))
    expect(state().remapTexts).toEqual({ 5432: '15432' })
    expect(state().remapsDirty).toBe(false)
  })
})
