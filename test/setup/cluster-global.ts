import { execFileSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'

import type { TestProject } from 'vitest/node'

import { CLUSTER_DIR, missingBinaries, startCluster, stopCluster } from '../cluster/cluster.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin kubeconfig of the cluster the suites share, or '' when there is none. */
    kubeconfig: string
    viewerKubeconfig: string
    /** Why there is no cluster; cluster suites fail with it. */
    clusterError: string
    clusterStartMs: number
  }
}

function hasGo(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/**
 * One real control plane for the whole run (or the cluster named by L8_TEST_KUBECONFIG).
 * Suites that need it read the kubeconfig with inject(); if it could not start they fail
 * with the reason, they are never skipped.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['L8_TEST_KUBECONFIG']
  project.provide('clusterStartMs', 0)
  project.provide('viewerKubeconfig', '')
  if (external !== undefined && external !== '') {
    project.provide('kubeconfig', path.resolve(external))
    project.provide('clusterError', '')
    return () => Promise.resolve()
  }
  if (missingBinaries().length > 0) {
    if (!hasGo()) {
      project.provide('kubeconfig', '')
      project.provide(
        'clusterError',
        'The test cluster needs Go 1.26+ to build (https://go.dev/dl/), or set L8_TEST_KUBECONFIG to a cluster the tests may use.'
      )
      return () => Promise.resolve()
    }
    console.log('[test cluster] building the control plane binaries (first run on this machine: 15-30 min)')
    execFileSync('bash', [path.join(CLUSTER_DIR, 'build.sh')], { stdio: 'inherit' })
  }
  const stateDir = path.join(os.tmpdir(), `l8-test-cluster-${process.pid}`)
  try {
    const info = await startCluster(stateDir)
    console.log(`[test cluster] up in ${(info.startedMs / 1000).toFixed(1)} s at ${info.server}`)
    project.provide('kubeconfig', info.kubeconfig)
    project.provide('viewerKubeconfig', info.viewerKubeconfig)
    project.provide('clusterStartMs', info.startedMs)
    project.provide('clusterError', '')
  } catch (err) {
    project.provide('kubeconfig', '')
    project.provide('clusterError', (err as Error).message)
  }
  return async () => {
    await stopCluster(stateDir)
  }
}
