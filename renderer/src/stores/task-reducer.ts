import type { TaskEvent, TaskInfo } from '@contract'

/** Lines of task log the page keeps; the core keeps more and writes failed runs to a file. */
export const LOG_LIMIT = 2000
/** Dropped at once when over the limit, so a chatty task does not shift the array per line. */
export const LOG_DROP = 500

export interface TaskView {
  task?: TaskInfo
  log: string[]
}

/** Appends and, when over LOG_LIMIT, drops the oldest lines in whole LOG_DROP chunks. */
export function appendBounded(log: readonly string[], lines: readonly string[]): string[] {
  const next = log.concat(lines)
  if (next.length <= LOG_LIMIT) return next
  const chunks = Math.ceil((next.length - LOG_LIMIT) / LOG_DROP)
  return next.slice(chunks * LOG_DROP)
}

/** Folds one event of the 'task' topic into what the page shows. Never mutates `state`. */
export function reduceTask(state: TaskView, event: TaskEvent): TaskView {
  switch (event.type) {
    case 'snapshot':
      // A snapshot also arrives after a reconnect: it replaces everything seen before.
      return { task: event.task, log: appendBounded([], event.log) }
    case 'log': {
      const task =
        state.task === undefined ? undefined : { ...state.task, logLines: state.task.logLines + event.lines.length }
      return { task, log: appendBounded(state.log, event.lines) }
    }
    case 'step': {
      if (state.task === undefined) return state
      const steps = state.task.steps.some((s) => s.id === event.step.id)
        ? state.task.steps.map((s) => (s.id === event.step.id ? event.step : s))
        : [...state.task.steps, event.step]
      return { ...state, task: { ...state.task, steps } }
    }
    case 'state':
      return { ...state, task: event.task }
  }
}
