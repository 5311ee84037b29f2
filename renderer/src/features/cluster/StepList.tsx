import { useEffect, useState } from 'react'

import type { TaskStep } from '@contract'

import { formatSeconds } from '../../ui/format.ts'

const STATE_LABEL: Record<TaskStep['state'], string> = {
  pending: 'waiting',
  running: 'running',
  done: 'done',
  warning: 'partly',
  failed: 'failed',
  skipped: 'skipped'
}

/** The current time, re-read every second while `active`: running steps show how long they take. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [active])
  return now
}

function duration(step: TaskStep, now: number): string {
  if (step.durationMs !== undefined) return formatSeconds(step.durationMs)
  if (step.state === 'running' && step.startedAt !== undefined) return formatSeconds(now - step.startedAt)
  return ''
}

export function StepList({ steps, live }: { steps: TaskStep[]; live: boolean }) {
  const now = useNow(live)
  return (
    <ol className="steps" data-testid="task-steps">
      {steps.map((step) => (
        <li key={step.id} className={`step step-${step.state}`} data-testid={'step-' + step.id} data-state={step.state}>
          <span className="step-state">{STATE_LABEL[step.state]}</span>
          <span className="step-title">{step.title}</span>
          <span className="step-duration">{duration(step, now)}</span>
        </li>
      ))}
    </ol>
  )
}
