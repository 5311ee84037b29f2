import { describe, expect, it } from 'vitest'

import type { TaskEvent } from '../../contract/topics.ts'
import { AppError } from '../app-error.ts'
import { TASK_LOG_LIMIT, TaskRegistry } from './task-registry.ts'

describe('tasks', () => {
  it('times steps with the injected clock and ends succeeded', async () => {
    let now = 1000
    const tasks = new TaskRegistry(() => now)
    const info = tasks.start('cluster.start', 'Start', [{ id: 'a', title: 'A' }], async (ctx) => {
      await ctx.step('a', 'A', () => {
        now += 2500
        return Promise.resolve()
      })
    })
    const done = await tasks.settled(info.id)
    expect(done.state).toBe('succeeded')
    expect(done.steps).toEqual([{ id: 'a', title: 'A', state: 'done', startedAt: 1000, durationMs: 2500 }])
  })

  it('keeps the log bounded, dropping the oldest half at a time', async () => {
    const tasks = new TaskRegistry()
    const info = tasks.start('cluster.create', 'Chatty', [], (ctx) => {
      for (let i = 0; i < TASK_LOG_LIMIT * 3; i++) ctx.log(`line ${i}`)
      return Promise.resolve()
    })
    await tasks.settled(info.id)
    const t = tasks.get(info.id)
    expect(t.log.length).toBeLessThanOrEqual(TASK_LOG_LIMIT)
    expect(t.log.at(-1)).toBe('line 14999')
    expect(t.logLines).toBe(TASK_LOG_LIMIT * 3)
  })

  it('cancels through the signal and runs the failure hook with the log', async () => {
    const tasks = new TaskRegistry()
    let hookSaw: string[] = []
    const info = tasks.start(
      'cluster.create',
      'Slow',
      [],
      async (ctx) => {
        ctx.log('working')
        await new Promise((_, reject) =>
          ctx.signal.addEventListener('abort', () => reject(new AppError('CANCELLED', 'stop')))
        )
      },
      (error, log) => {
        hookSaw = [error.code, ...log]
        return Promise.resolve({})
      }
    )
    expect(tasks.cancel(info.id)).toBe(true)
    const done = await tasks.settled(info.id)
    expect(done.state).toBe('cancelled')
    expect(hookSaw).toEqual(['CANCELLED', 'working', 'Cancelled: stop'])
    expect(tasks.cancel(info.id)).toBe(false)
  })

  it('tells watchers every step, line and the final state', async () => {
    const tasks = new TaskRegistry()
    let release: () => void = () => undefined
    const gate = new Promise<void>((r) => (release = r))
    const info = tasks.start('cluster.stop', 'Stop', [{ id: 's', title: 'S' }], async (ctx) => {
      await gate
      await ctx.step('s', 'S', () => {
        ctx.log('stopping')
        return Promise.resolve()
      })
    })
    const seen: TaskEvent['type'][] = []
    const w = tasks.watch(info.id, (e) => seen.push(e.type))
    release()
    await tasks.settled(info.id)
    w.dispose()
    expect(seen).toEqual(['step', 'log', 'step', 'state'])
  })
})
