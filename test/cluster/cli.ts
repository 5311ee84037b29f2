import path from 'node:path'

import { CLUSTER_DIR, startCluster, stopCluster } from './cluster.ts'

/** `npm run cluster:up` / `cluster:down`: one named cluster for working by hand. */
const stateDir = path.join(CLUSTER_DIR, 'state', process.env['L8_TEST_CLUSTER_NAME'] ?? 'dev')
const [command] = process.argv.slice(2)

if (command === 'up') {
  const info = await startCluster(stateDir)
  console.log(`Test cluster up in ${(info.startedMs / 1000).toFixed(1)} s: ${info.server}`)
  console.log(`  kubeconfig:        ${info.kubeconfig}`)
  console.log(`  read-only (token): ${info.viewerKubeconfig}`)
  console.log(
    `  kubectl:           ${path.join(CLUSTER_DIR, 'bin', 'kubectl')} --kubeconfig ${info.kubeconfig} get nodes`
  )
  console.log('Stop it with: npm run cluster:down')
} else if (command === 'down') {
  const stopped = await stopCluster(stateDir)
  console.log(stopped.length === 0 ? 'No test cluster was running.' : `Stopped: ${stopped.join(', ')}`)
} else {
  console.error('usage: node test/cluster/cli.ts up|down')
  process.exitCode = 2
}
