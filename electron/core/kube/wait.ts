import { Watch, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node'

import { AppError } from '../app-error.ts'

export interface WaitOptions {
  timeoutMs: number
  signal?: AbortSignal
}

/**
 * Watches a collection until `done` holds for the objects seen, re-watching when the
 * server or the client ends the stream (client-node 2.x ends quiet watches after 30 s).
 * `describe` says what is still missing when the time runs out.
 */
export async function watchUntil<T extends KubernetesObject>(
  kc: KubeConfig,
  path: string,
  query: Record<string, string>,
  done: (objects: T[]) => boolean,
  describe: (objects: T[]) => string,
  options: WaitOptions
): Promise<T[]> {
  const watch = new Watch(kc)
  const objects = new Map<string, T>()
  const list = (): T[] => [...objects.values()]
  let current: AbortController | undefined
  return new Promise<T[]>((resolve, reject) => {
    let finished = false
    const finish = (err: Error | undefined): void => {
      if (finished) return
      finished = true
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      current?.abort()
      if (err === undefined) resolve(list())
      else reject(err)
    }
    const timer = setTimeout(
      () =>
        finish(
          new AppError('TIMEOUT', `Timed out after ${Math.round(options.timeoutMs / 1000)} s: ${describe(list())}`)
        ),
      options.timeoutMs
    )
    const onAbort = (): void => finish(new AppError('CANCELLED', 'Cancelled while waiting.'))
    if (options.signal?.aborted === true) return onAbort()
    options.signal?.addEventListener('abort', onAbort, { once: true })

    const start = (attempt: number): void => {
      if (finished) return
      objects.clear()
      watch
        .watch(
          path,
          query,
          (phase: string, obj: T) => {
            const key = obj.metadata?.uid ?? obj.metadata?.name ?? ''
            if (phase === 'DELETED') objects.delete(key)
            else if (phase === 'ADDED' || phase === 'MODIFIED') objects.set(key, obj)
            if (done(list())) finish(undefined)
          },
          () => {
            // Stream ended (idle timeout, server close, network error): watch again after a pause.
            if (!finished) setTimeout(() => start(attempt + 1), Math.min(200 * 2 ** attempt, 5000))
          }
        )
        .then((c) => {
          current = c
          if (finished) c.abort()
          else if (done(list())) finish(undefined)
        })
        .catch(() => {
          if (!finished) setTimeout(() => start(attempt + 1), Math.min(200 * 2 ** attempt, 5000))
        })
    }
    start(0)
  })
}

interface Condition {
  type?: string
  status?: string
}

export const hasCondition = (conditions: Condition[] | undefined, type: string): boolean =>
  (conditions ?? []).some((c) => c.type === type && c.status === 'True')
