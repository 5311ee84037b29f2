import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { BIN } from '../cluster/cluster.ts'
import { dockerEngineProblem, ensureNodeImage } from '../kind-node/node-image.ts'

/** What the suites on a real Docker engine share: the engine, the kind binary, the node image. */
export const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' })

/** "name<TAB>state" of each node container of a kind cluster, sorted. */
export function nodeContainers(cluster: string): string[] {
  return docker('ps', '-a', '--filter', `label=io.x-k8s.kind.cluster=${cluster}`, '--format', '{{.Names}}\t{{.State}}')
    .split('\n')
    .filter((l) => l !== '')
    .sort()
}

export function deleteKindCluster(cluster: string): void {
  try {
    execFileSync(path.join(BIN, 'kind'), ['delete', 'cluster', '--name', cluster], { stdio: 'ignore' })
  } catch {
    // nothing to delete
  }
}

/**
 * Fails with the reason when there is no engine; builds the node image if needed, removes what
 * a crashed run of `cluster` left, and returns a folder holding only kind, for PATH.
 */
export async function realKindSetup(
  cluster: string,
  log: (line: string) => void
): Promise<{ image: string; bin: string }> {
  const problem = dockerEngineProblem()
  if (problem !== undefined) throw new Error(`No Docker engine: ${problem}`)
  const image = await ensureNodeImage(log)
  deleteKindCluster(cluster)
  const bin = mkdtempSync(path.join(os.tmpdir(), 'l8-kind-bin-'))
  symlinkSync(path.join(BIN, 'kind'), path.join(bin, 'kind'))
  return { image, bin }
}

/** Runs `l8dev` as a user would, with extra environment. */
export function l8dev(
  args: string[],
  env: Record<string, string>
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(import.meta.dirname, '../../bin/l8dev.js'), ...args],
      { env: { ...process.env, ...env } },
      (err, stdout, stderr) => {
        resolve({ code: err === null ? 0 : ((err as { code?: number }).code ?? 1), stdout, stderr })
      }
    )
  })
}
