import { describe, expect, it } from 'vitest'

import { TaskRegistry } from '../tasks/task-registry.ts'
import { parseKindProgress } from './kind-progress.ts'

// A real `kind create cluster` (v0.33.0, 1 control plane + 2 workers, the test node image) on
// a Linux machine: each stderr line with the second it arrived.
const RECORDED: [number, string][] = [
  [
    49.041,
    'cgroup v1 is deprecated in Kubernetes and will not be supported in a future kind release, please upgrade to cgroup v2'
  ],
  [49.06, 'Creating cluster "l8-try" ...'],
  [49.064, ' • Ensuring node image (l8test/kind-node:v1.36.3-9bafed000e17) 🖼️  ...'],
  [49.099, ' ✓ Ensuring node image (l8test/kind-node:v1.36.3-9bafed000e17) 🖼️'],
  [49.105, ' • Preparing nodes 📦 📦 📦   ...'],
  [50.277, ' ✓ Preparing nodes 📦 📦 📦 '],
  [50.36, ' • Writing configuration 📜  ...'],
  [51.354, ' ✓ Writing configuration 📜'],
  [51.358, ' • Starting control-plane 🕹️  ...'],
  [55.576, ' ✓ Starting control-plane 🕹️'],
  [55.58, ' • Installing CNI 🔌  ...'],
  [55.957, ' ✓ Installing CNI 🔌'],
  [55.963, ' • Installing StorageClass 💾  ...'],
  [56.275, ' ✓ Installing StorageClass 💾'],
  [56.392, ' • Joining worker nodes 🚜  ...'],
  [56.88, ' ✓ Joining worker nodes 🚜'],
  [57.352, 'Set kubectl context to "kind-l8-try"']
]

describe('kind progress as steps', () => {
  it('times each step from its first phase starting to its last phase done', async () => {
    let clock = 0
    const tasks = new TaskRegistry(() => clock)
    const task = tasks.start('cluster.create', 'Create', [], async (ctx) => {
      for (const [at, line] of RECORDED) {
        clock = Math.round(at * 1000)
        const p = parseKindProgress(line)
        if (p !== undefined) ctx.mark(p.id, p.title, p.state)
      }
      return Promise.resolve()
    })
    await tasks.settled(task.id)
    const steps = Object.fromEntries(tasks.get(task.id).steps.map((s) => [s.id, [s.state, s.durationMs]]))
    expect(steps).toEqual({
      'node-image': ['done', 35],
      nodes: ['done', 1172],
      // Writing configuration through Installing StorageClass, not only the last phase.
      'control-plane': ['done', 5915],
      workers: ['done', 488]
    })
  })

  it('fails the step whose phase kind marks failed', () => {
    expect(parseKindProgress(' ✗ Starting control-plane 🕹️')).toEqual({
      id: 'control-plane',
      title: 'Control plane',
      state: 'failed'
    })
    expect(parseKindProgress(' ✓ Writing configuration 📜')?.state).toBe('running')
    expect(parseKindProgress('\x1b[32m ✓\x1b[0m Preparing nodes 📦')?.state).toBe('done')
    expect(parseKindProgress('Creating cluster "x" ...')).toBeUndefined()
  })
})
