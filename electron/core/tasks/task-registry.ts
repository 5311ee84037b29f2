import { randomUUID } from 'node:crypto'

import type { Disposable } from '../../contract/client.ts'
import type { AppErrorData } from '../../contract/errors.ts'
import type { TaskInfo, TaskStep } from '../../contract/models.ts'
import type { TaskEvent } from '../../contract/topics.ts'
import { AppError, toErrorData } from '../app-error.ts'

/** Lines kept in memory per task; the full log of a failed create also goes to a file. */
export const TASK_LOG_LIMIT = 5000
const FINISHED_TASKS_KEPT = 20

export interface TaskContext {
  signal: AbortSignal
  log: (line: string) => void
  /** Runs `fn` as a named step and records its duration. */
  step: <T>(id: string, title: string, fn: () => Promise<T>) => Promise<T>
  skip: (id: string, title: string) => void
  /** Marks a step from outside a function, e.g. from a tool's progress lines. */
  mark: (id: string, title: string, state: 'running' | 'done' | 'failed') => void
  /** A finished step that only partly worked: it keeps its duration and the task goes on. */
  warn: (id: string, title: string) => void
}

interface TaskRecord {
  info: TaskInfo
  log: string[]
  droppedLines: number
  controller: AbortController
  listeners: Set<(e: TaskEvent) => void>
}

type Clock = () => number

/** Long operations (create, start, stop, delete) as cancellable tasks with a progress topic. */
export class TaskRegistry {
  private readonly tasks = new Map<string, TaskRecord>()
  private readonly listListeners = new Set<(tasks: TaskInfo[]) => void>()
  private readonly now: Clock

  constructor(now: Clock = Date.now) {
    this.now = now
  }

  start(
    kind: TaskInfo['kind'],
    title: string,
    plannedSteps: { id: string; title: string }[],
    body: (ctx: TaskContext) => Promise<void>,
    onFailure?: (error: AppErrorData, log: readonly string[]) => Promise<Partial<Pick<TaskInfo, 'offers'>>>
  ): TaskInfo {
    const info: TaskInfo = {
      id: randomUUID(),
      kind,
      title,
      state: 'running',
      steps: plannedSteps.map((s) => ({ ...s, state: 'pending' })),
      startedAt: this.now(),
      logLines: 0
    }
    const rec: TaskRecord = { info, log: [], droppedLines: 0, controller: new AbortController(), listeners: new Set() }
    this.tasks.set(info.id, rec)
    this.prune()
    this.emitList()
    void this.execute(rec, body, onFailure)
    return structuredClone(info)
  }

  private async execute(
    rec: TaskRecord,
    body: (ctx: TaskContext) => Promise<void>,
    onFailure?: (error: AppErrorData, log: readonly string[]) => Promise<Partial<Pick<TaskInfo, 'offers'>>>
  ): Promise<void> {
    const ctx: TaskContext = {
      signal: rec.controller.signal,
      log: (line) => this.appendLog(rec, line),
      step: (id, title, fn) => this.runStep(rec, id, title, fn),
      skip: (id, title) => {
        this.setStep(rec, { ...this.stepOf(rec, id, title), state: 'skipped' })
      },
      mark: (id, title, state) => this.markStep(rec, id, title, state),
      warn: (id, title) => {
        this.setStep(rec, { ...this.stepOf(rec, id, title), state: 'warning' })
      }
    }
    try {
      await body(ctx)
      if (rec.controller.signal.aborted) throw new AppError('CANCELLED', 'Cancelled.')
      rec.info.state = 'succeeded'
    } catch (err) {
      const error = toErrorData(err)
      rec.info.state = error.code === 'CANCELLED' ? 'cancelled' : 'failed'
      rec.info.error = error
      this.appendLog(rec, `${rec.info.state === 'cancelled' ? 'Cancelled' : 'Failed'}: ${error.message}`)
      if (onFailure !== undefined) {
        try {
          Object.assign(rec.info, await onFailure(error, rec.log))
        } catch (cleanupErr) {
          this.appendLog(rec, `Cleanup failed: ${toErrorData(cleanupErr).message}`)
        }
      }
    }
    rec.info.endedAt = this.now()
    this.emit(rec, { type: 'state', task: structuredClone(rec.info) })
    this.emitList()
  }

  private stepOf(rec: TaskRecord, id: string, title: string): TaskStep {
    return rec.info.steps.find((s) => s.id === id) ?? { id, title, state: 'pending' }
  }

  private setStep(rec: TaskRecord, step: TaskStep): void {
    const i = rec.info.steps.findIndex((s) => s.id === step.id)
    if (i >= 0) rec.info.steps[i] = step
    else rec.info.steps.push(step)
    this.emit(rec, { type: 'step', step: { ...step } })
  }

  private markStep(rec: TaskRecord, id: string, title: string, state: 'running' | 'done' | 'failed'): void {
    const prev = this.stepOf(rec, id, title)
    if (state === 'running') {
      if (prev.state !== 'running') this.setStep(rec, { id, title, state, startedAt: this.now() })
      return
    }
    const startedAt = prev.startedAt ?? this.now()
    this.setStep(rec, { id, title, state, startedAt, durationMs: this.now() - startedAt })
  }

  private async runStep<T>(rec: TaskRecord, id: string, title: string, fn: () => Promise<T>): Promise<T> {
    if (rec.controller.signal.aborted) throw new AppError('CANCELLED', 'Cancelled.')
    const startedAt = this.now()
    this.setStep(rec, { id, title, state: 'running', startedAt })
    try {
      const value = await fn()
      this.setStep(rec, { id, title, state: 'done', startedAt, durationMs: this.now() - startedAt })
      return value
    } catch (err) {
      this.setStep(rec, { id, title, state: 'failed', startedAt, durationMs: this.now() - startedAt })
      throw err
    }
  }

  private appendLog(rec: TaskRecord, line: string): void {
    rec.log.push(line)
    rec.info.logLines++
    if (rec.log.length > TASK_LOG_LIMIT) {
      // Drop in big steps so a chatty process does not shift the array on every line.
      const drop = Math.floor(TASK_LOG_LIMIT / 2)
      rec.log.splice(0, drop)
      rec.droppedLines += drop
    }
    this.emit(rec, { type: 'log', lines: [line] })
  }

  private emit(rec: TaskRecord, e: TaskEvent): void {
    for (const l of [...rec.listeners]) l(e)
  }

  private emitList(): void {
    const list = this.list()
    for (const l of [...this.listListeners]) l(list)
  }

  private prune(): void {
    const finished = [...this.tasks.values()].filter((t) => t.info.state !== 'running')
    for (const t of finished.slice(0, Math.max(0, finished.length - FINISHED_TASKS_KEPT))) this.tasks.delete(t.info.id)
  }

  private record(id: string): TaskRecord {
    const rec = this.tasks.get(id)
    if (rec === undefined)
      throw new AppError('BAD_REQUEST', `No task ${id}.`, { hint: 'It may have been pruned; start it again.' })
    return rec
  }

  get(id: string): TaskInfo & { log: string[] } {
    const rec = this.record(id)
    return { ...structuredClone(rec.info), log: [...rec.log] }
  }

  list(): TaskInfo[] {
    return [...this.tasks.values()].map((t) => structuredClone(t.info))
  }

  cancel(id: string): boolean {
    const rec = this.record(id)
    if (rec.info.state !== 'running') return false
    rec.controller.abort()
    return true
  }

  /** Resolves when the task has ended, whatever its outcome. */
  async settled(id: string): Promise<TaskInfo> {
    const rec = this.record(id)
    if (rec.info.state !== 'running') return structuredClone(rec.info)
    return new Promise((resolve) => {
      const l = (e: TaskEvent): void => {
        if (e.type === 'state' && e.task.state !== 'running') {
          rec.listeners.delete(l)
          resolve(e.task)
        }
      }
      rec.listeners.add(l)
    })
  }

  watch(id: string, listener: (e: TaskEvent) => void): Disposable {
    const rec = this.record(id)
    rec.listeners.add(listener)
    return { dispose: () => rec.listeners.delete(listener) }
  }

  watchList(listener: (tasks: TaskInfo[]) => void): Disposable {
    this.listListeners.add(listener)
    return { dispose: () => this.listListeners.delete(listener) }
  }

  snapshot(id: string): TaskEvent {
    const rec = this.record(id)
    return { type: 'snapshot', task: structuredClone(rec.info), log: [...rec.log] }
  }

  /** Cancels everything still running; used at shutdown. */
  async dispose(): Promise<void> {
    const running = [...this.tasks.values()].filter((t) => t.info.state === 'running')
    for (const t of running) t.controller.abort()
    await Promise.all(running.map((t) => this.settled(t.info.id)))
  }
}
