import { toErrorData } from '../app-error.ts'
import type { KindCli } from '../kind/kind-cli.ts'

const PARALLEL = 3

/**
 * Has every node pull the stack's images (through the registry mirror) while the API comes
 * up and the add-ons install, so the first deploy does not wait for them. A failed pull (an
 * amd64-only image on arm64, no network) is logged, never fatal: the deploy pulls again.
 */
export async function prepullImages(
  cli: KindCli,
  cluster: string,
  images: readonly string[],
  log: (line: string) => void,
  signal: AbortSignal
): Promise<{ pulled: number; failed: number }> {
  const nodes = await cli.nodeContainers(cluster)
  const jobs = nodes.flatMap((n) => images.map((image) => ({ node: n.name, image })))
  let next = 0
  let pulled = 0
  let failed = 0
  const worker = async (): Promise<void> => {
    while (next < jobs.length && !signal.aborted) {
      const job = jobs[next++]
      if (job === undefined) break
      const started = Date.now()
      try {
        await cli.docker(
          `Pulling ${job.image} on ${job.node}`,
          ['exec', job.node, 'crictl', 'pull', job.image],
          undefined,
          signal
        )
        pulled++
        log(`pulled ${job.image} on ${job.node} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
      } catch (err) {
        if (signal.aborted) throw err
        failed++
        log(`could not pre-pull ${job.image} on ${job.node}: ${toErrorData(err).message}`)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, jobs.length) }, worker))
  return { pulled, failed }
}
