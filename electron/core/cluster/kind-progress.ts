/**
 * kind's status lines ("• Preparing nodes" when a phase starts, "✓ Preparing nodes" when it
 * is done) as the task's steps. A step may span several phases: it is done when its last one is.
 */
export const KIND_STEPS: { id: string; title: string; phases: RegExp[] }[] = [
  { id: 'node-image', title: 'Node image', phases: [/Ensuring node image/] },
  { id: 'nodes', title: 'Node containers', phases: [/Preparing nodes/] },
  {
    id: 'control-plane',
    title: 'Control plane',
    phases: [/Writing configuration/, /Starting control-plane/, /Installing CNI/, /Installing StorageClass/]
  },
  { id: 'workers', title: 'Workers joined', phases: [/Joining worker nodes/] }
]

export interface KindProgress {
  id: string
  title: string
  state: 'running' | 'done' | 'failed'
}

/** Pure: which step a kind output line starts, finishes or fails, if any. */
export function parseKindProgress(line: string): KindProgress | undefined {
  // kind colours the marks when it thinks it writes to a terminal.
  // eslint-disable-next-line no-control-regex
  const trimmed = line.replace(/\x1b\[[0-9;]*m/g, '').trim()
  for (const step of KIND_STEPS) {
    const phase = step.phases.findIndex((p) => p.test(trimmed))
    if (phase < 0) continue
    const last = phase === step.phases.length - 1
    const { id, title } = step
    if (trimmed.startsWith('✗')) return { id, title, state: 'failed' }
    // An earlier phase finishing leaves the step running, so its time counts from its first phase.
    if (trimmed.startsWith('✓') && last) return { id, title, state: 'done' }
    return { id, title, state: 'running' }
  }
  return undefined
}
