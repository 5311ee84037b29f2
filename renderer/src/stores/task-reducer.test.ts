import { describe, expect, it } from 'vitest'

import type { TaskInfo, TaskStep } from '@contract'

import { LOG_DROP, LOG_LIMIT, reduceTask, type TaskView } from './task-reducer.ts'

const step = (id: string, state: TaskStep['state'], extra: Partial<TaskStep> = {}): TaskStep => ({
  id,
  title: `Step ${id}`,
  state,
  ...extra
})

const task = (extra: Partial<TaskInfo> = {}): TaskInfo => ({
  id: 't1',
  kind: 'cluster.create',
  title: 'Create cluster layer8',
  state: 'running',
  steps: [step('nodes', 'pending'), step('api', 'pending')],
  startedAt: 1000,
  logLines: 2,
  ...extra
})

const lines = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `line ${from + i}`)

describe('reduceTask', () => {
  it('replaces task and log with a snapshot', () => {
    const before: TaskView = { task: task({ id: 'old', title: 'Old' }), log: ['stale 1', 'stale 2', 'stale 3'] }
    const fresh = task()
    const after = reduceTask(before, { type: 'snapshot', task: fresh, log: ['a', 'b'] })
    expect(after.task).toEqual(fresh)
    expect(after.log).toEqual(['a', 'b'])
    expect(before.log).toEqual(['stale 1', 'stale 2', 'stale 3'])
  })

  it('keeps only the newest LOG_LIMIT lines of a long snapshot', () => {
    const after = reduceTask({ log: [] }, { type: 'snapshot', task: task(), log: lines(5000) })
    expect(after.log).toHaveLength(LOG_LIMIT)
    expect(after.log[0]).toBe('line 3000')
    expect(after.log.at(-1)).toBe('line 4999')
  })

  it('appends log lines and counts them on the task', () => {
    const start: TaskView = { task: task({ logLines: 2 }), log: ['a', 'b'] }
    const after = reduceTask(start, { type: 'log', lines: ['c', 'd'] })
    expect(after.log).toEqual(['a', 'b', 'c', 'd'])
    expect(after.task?.logLines).toBe(4)
    expect(start.log).toEqual(['a', 'b'])
  })

  it('drops the oldest lines in chunks once the log passes LOG_LIMIT', () => {
    let view: TaskView = { task: task({ logLines: 0 }), log: [] }
    for (let i = 0; i < LOG_LIMIT; i++) view = reduceTask(view, { type: 'log', lines: [`line ${i}`] })
    expect(view.log).toHaveLength(LOG_LIMIT)
    expect(view.log[0]).toBe('line 0')

    view = reduceTask(view, { type: 'log', lines: [`line ${LOG_LIMIT}`] })
    expect(view.log).toHaveLength(LOG_LIMIT + 1 - LOG_DROP)
    expect(view.log[0]).toBe(`line ${LOG_DROP}`)
    expect(view.log.at(-1)).toBe(`line ${LOG_LIMIT}`)
    expect(view.task?.logLines).toBe(LOG_LIMIT + 1)
  })

  it('never holds more than LOG_LIMIT lines however many arrive', () => {
    let view: TaskView = { task: task(), log: [] }
    let next = 0
    for (let batch = 0; batch < 40; batch++) {
      const size = 1 + ((batch * 137) % 400)
      view = reduceTask(view, { type: 'log', lines: lines(size, next) })
      next += size
      expect(view.log.length).toBeLessThanOrEqual(LOG_LIMIT)
      expect(view.log.at(-1)).toBe(`line ${next - 1}`)
    }
    expect(next).toBeGreaterThan(LOG_LIMIT)
    const first = Number(view.log[0]?.slice('line '.length))
    expect(first % LOG_DROP).toBe(0)
    expect(view.log).toEqual(lines(next - first, first))
  })

  it('updates only the step an event names', () => {
    const start: TaskView = { task: task(), log: [] }
    const done = step('nodes', 'done', { startedAt: 1000, durationMs: 4200 })
    const after = reduceTask(start, { type: 'step', step: done })
    expect(after.task?.steps).toEqual([done, step('api', 'pending')])
    expect(start.task?.steps[0]?.state).toBe('pending')
  })

  it('adds a step the plan did not list', () => {
    const extra = step('mirror', 'running', { startedAt: 2000 })
    const after = reduceTask({ task: task(), log: [] }, { type: 'step', step: extra })
    expect(after.task?.steps.map((s) => s.id)).toEqual(['nodes', 'api', 'mirror'])
  })

  it('ignores a step before any snapshot', () => {
    const start: TaskView = { log: ['x'] }
    expect(reduceTask(start, { type: 'step', step: step('nodes', 'running') })).toBe(start)
  })

  it('replaces the task on a state event and keeps the log', () => {
    const start: TaskView = { task: task(), log: ['a'] }
    const failed = task({
      state: 'failed',
      endedAt: 9000,
      error: { code: 'COMMAND_FAILED', message: 'kind create failed', hint: 'Read the log.' },
      offers: ['deleteAndRetry']
    })
    const after = reduceTask(start, { type: 'state', task: failed })
    expect(after.task?.state).toBe('failed')
    expect(after.task?.error?.code).toBe('COMMAND_FAILED')
    expect(after.task?.offers).toEqual(['deleteAndRetry'])
    expect(after.log).toEqual(['a'])
  })
})
