import { describe, expect, it } from 'vitest'

import type { ClusterStatus, TaskInfo } from '@contract'

import { availability, canAdopt, createLabel } from './action-rules.ts'

const status = (extra: Partial<ClusterStatus> = {}): ClusterStatus => ({
  name: 'layer8-dev',
  provider: 'kind',
  exists: true,
  running: true,
  apiReachable: true,
  nodes: [],
  ports: [],
  ...extra
})

const missing = status({ exists: false, running: false, apiReachable: false })
const stopped = status({ running: false, apiReachable: false })
const unreachable = status({ apiReachable: false })
const kubeconfig = status({ provider: 'kubeconfig', kindActionsDisabledReason: 'The target is a kubeconfig context.' })

const runningTask: TaskInfo = {
  id: 't1',
  kind: 'cluster.create',
  title: 'Create cluster layer8-dev',
  state: 'running',
  steps: [],
  startedAt: 1000,
  logLines: 0
}

describe('canAdopt and createLabel', () => {
  it('offers to create when there is no cluster, or nothing is known yet', () => {
    expect(canAdopt(missing)).toBe(false)
    expect(createLabel(missing)).toBe('Create')
    expect(createLabel(undefined)).toBe('Create')
  })

  it('offers to adopt a cluster that exists but is stopped', () => {
    expect(canAdopt(stopped)).toBe(true)
    expect(createLabel(stopped)).toBe('Adopt')
  })

  it('offers to adopt a running cluster whose API server does not answer', () => {
    expect(canAdopt(unreachable)).toBe(true)
    expect(createLabel(unreachable)).toBe('Adopt')
  })

  it('does not adopt a healthy cluster: it already exists', () => {
    expect(canAdopt(status())).toBe(false)
    expect(createLabel(status())).toBe('Create')
  })

  it('never offers to adopt a kubeconfig target', () => {
    const down = { ...kubeconfig, running: false, apiReachable: false }
    expect(canAdopt(down)).toBe(false)
    expect(createLabel(down)).toBe('Create')
  })
})

describe('availability', () => {
  it('disables everything until the status is known', () => {
    const rules = availability(undefined, undefined, false)
    for (const rule of Object.values(rules)) {
      expect(rule).toEqual({ enabled: false, reason: 'The cluster status is not known yet.' })
    }
  })

  it('disables everything on a kubeconfig target, with its reason', () => {
    const rules = availability(kubeconfig, undefined, false)
    for (const rule of Object.values(rules)) {
      expect(rule).toEqual({ enabled: false, reason: 'The target is a kubeconfig context.' })
    }
  })

  it('disables everything while a task is starting or running', () => {
    for (const rule of Object.values(availability(stopped, undefined, true))) {
      expect(rule).toEqual({ enabled: false, reason: 'Starting…' })
    }
    for (const rule of Object.values(availability(stopped, runningTask, false))) {
      expect(rule).toEqual({ enabled: false, reason: 'Wait for “Create cluster layer8-dev” to finish.' })
    }
  })

  it('allows only create when there is no cluster', () => {
    const rules = availability(missing, undefined, false)
    expect(rules.create).toEqual({ enabled: true })
    expect(rules.start).toEqual({ enabled: false, reason: 'Create the cluster first.' })
    expect(rules.stop).toEqual({ enabled: false, reason: 'It is not running.' })
    expect(rules.delete).toEqual({ enabled: false, reason: 'There is no cluster to delete.' })
  })

  it('allows stop and delete of a healthy cluster, not create or start', () => {
    const rules = availability(status(), undefined, false)
    expect(rules.create).toEqual({ enabled: false, reason: 'Cluster layer8-dev already exists.' })
    expect(rules.start).toEqual({ enabled: false, reason: 'It is already running.' })
    expect(rules.stop).toEqual({ enabled: true })
    expect(rules.delete).toEqual({ enabled: true })
  })

  it('allows adopting, starting and deleting a stopped cluster', () => {
    const rules = availability(stopped, undefined, false)
    expect(rules.create).toEqual({ enabled: true })
    expect(rules.start).toEqual({ enabled: true })
    expect(rules.stop).toEqual({ enabled: false, reason: 'It is not running.' })
    expect(rules.delete).toEqual({ enabled: true })
  })

  it('allows adopting a running cluster whose API server does not answer', () => {
    const rules = availability(unreachable, undefined, false)
    expect(rules.create).toEqual({ enabled: true })
    expect(rules.stop).toEqual({ enabled: true })
  })

  it('holds create and adopt back while a remap field is invalid, and nothing else', () => {
    const issue = 'Fix the host port for PostgreSQL (1 to 65535).'
    const creating = availability(missing, undefined, false, issue)
    expect(creating.create).toEqual({ enabled: false, reason: issue })
    expect(creating.start).toEqual(availability(missing, undefined, false).start)
    const adopting = availability(stopped, undefined, false, issue)
    expect(adopting.create).toEqual({ enabled: false, reason: issue })
    expect(adopting.start).toEqual({ enabled: true })
    expect(adopting.delete).toEqual({ enabled: true })
  })

  it('gives the status reasons before the remap one', () => {
    const issue = 'Fix the host port for PostgreSQL (1 to 65535).'
    expect(availability(status(), undefined, false, issue).create.reason).toBe('Cluster layer8-dev already exists.')
    expect(availability(missing, runningTask, false, issue).create.reason).toContain('Wait for')
  })

  it('leaves its inputs untouched', () => {
    const frozen = Object.freeze(status({ running: false, apiReachable: false }))
    const before = JSON.stringify(frozen)
    expect(availability(frozen, undefined, false, 'x')).toEqual(availability(frozen, undefined, false, 'x'))
    expect(createLabel(frozen)).toBe('Adopt')
    expect(JSON.stringify(frozen)).toBe(before)
  })
})
