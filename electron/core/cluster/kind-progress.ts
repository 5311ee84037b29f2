/** kind's status lines ("• Preparing nodes" when it starts, "✓ Preparing nodes" when done) as steps. */
export const KIND_STEPS: { id: string; title: string; match: RegExp }[] = [
  { id: 'node-image', title: 'Node image', match: /Ensuring node image/ },
  { id: 'nodes', title: 'Node containers', match: /Preparing nodes/ },
  {
    id: 'control-plane',
    title: 'Control plane',
    match: /Writing configuration|Starting control-plane|Installing CNI|Installing StorageClass/
  },
  { id: 'workers', title: 'Workers joined', match: /Joining worker nodes/ }
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
  const step = KIND_STEPS.find((s) => s.match.test(trimmed))
  if (step === undefined) return undefined
  if (trimmed.startsWith('✓')) return { id: step.id, title: step.title, state: 'done' }
  if (trimmed.startsWith('✗')) return { id: step.id, title: step.title, state: 'failed' }
  return { id: step.id, title: step.title, state: 'running' }
}
