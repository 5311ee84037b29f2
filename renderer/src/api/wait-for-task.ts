import type { ApiClient, Result, TaskInfo } from '@contract'

/** Resolves once the task has ended, whatever its outcome; an error only if it cannot be watched. */
export function waitForTask(client: ApiClient, taskId: string): Promise<Result<TaskInfo>> {
  return new Promise((resolve) => {
    let settled = false
    const finish = (result: Result<TaskInfo>): void => {
      if (settled) return
      settled = true
      // The subscription may still be being set up when the first event arrives.
      queueMicrotask(() => sub.dispose())
      resolve(result)
    }
    const sub = client.subscribe(
      'task',
      { taskId },
      {
        onEvent: (event) => {
          if ((event.type === 'snapshot' || event.type === 'state') && event.task.state !== 'running') {
            finish({ ok: true, value: event.task })
          }
        },
        onEnd: (error) =>
          finish({
            ok: false,
            error: error ?? { code: 'CANCELLED', message: 'Stopped watching the task before it ended.' }
          })
      }
    )
  })
}
