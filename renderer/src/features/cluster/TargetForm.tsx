import { useState } from 'react'

import type { AppErrorData, ClusterStatus, KubeContextInfo, TargetParams } from '@contract'

import { useApi } from '../../api/client-context.tsx'
import { useClusterStore } from '../../stores/cluster.ts'
import { ErrorNote } from '../../ui/ErrorNote.tsx'

interface TargetFormProps {
  status: ClusterStatus
  /** Called once the core switched to the chosen target. */
  onDone: () => void
}

/** Chooses between the kind cluster this app manages and a context from a kubeconfig file. */
const CHOICES = [
  { kind: 'kind', testId: 'target-kind', label: 'Local kind cluster (created by Layer8 Desktop)' },
  { kind: 'kubeconfig', testId: 'target-kubeconfig', label: 'A context from a kubeconfig file' }
] as const

export function TargetForm({ status, onDone }: TargetFormProps) {
  const client = useApi()
  const [kind, setKind] = useState<TargetParams['kind']>(status.provider)
  const [path, setPath] = useState(status.kubeconfigPath ?? '')
  const [contexts, setContexts] = useState<KubeContextInfo[] | undefined>(undefined)
  const [context, setContext] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppErrorData | undefined>(undefined)

  const load = async () => {
    setBusy(true)
    setError(undefined)
    const result = await client.call('target.contexts', { path: path.trim() })
    setBusy(false)
    if (!result.ok) {
      setContexts(undefined)
      return setError(result.error)
    }
    setContexts(result.value)
    const current = result.value.find((c) => c.name === status.context)
    setContext((current ?? result.value[0])?.name ?? '')
  }

  const apply = async () => {
    const params: TargetParams = kind === 'kind' ? { kind } : { kind, path: path.trim(), context }
    setBusy(true)
    setError(undefined)
    const result = await client.call('target.set', params)
    setBusy(false)
    if (!result.ok) return setError(result.error)
    useClusterStore.getState().setStatus(result.value)
    onDone()
  }

  const ready = kind === 'kind' || (contexts !== undefined && context !== '')

  return (
    <div className="target-form" data-testid="target-form">
      <fieldset className="target-choice" disabled={busy}>
        <legend>Work on</legend>
        {CHOICES.map((choice) => (
          <label key={choice.kind}>
            <input
              type="radio"
              name="target-kind"
              data-testid={choice.testId}
              checked={kind === choice.kind}
              onChange={() => setKind(choice.kind)}
            />{' '}
            {choice.label}
          </label>
        ))}
      </fieldset>

      {kind === 'kubeconfig' && (
        <div className="target-kubeconfig">
          <label>
            Kubeconfig file{' '}
            <input
              type="text"
              className="target-path"
              data-testid="target-path"
              placeholder="~/.kube/config"
              value={path}
              disabled={busy}
              onChange={(e) => {
                setPath(e.target.value)
                setContexts(undefined)
                setContext('')
              }}
            />
          </label>{' '}
          <button
            type="button"
            data-testid="target-load"
            disabled={busy || path.trim() === ''}
            onClick={() => void load()}
          >
            Load contexts
          </button>
          {contexts !== undefined &&
            (contexts.length === 0 ? (
              <p className="muted">This file has no contexts.</p>
            ) : (
              <label className="target-context">
                Context{' '}
                <select
                  data-testid="target-context"
                  value={context}
                  disabled={busy}
                  onChange={(e) => setContext(e.target.value)}
                >
                  {contexts.map((c) => (
                    <option key={c.name} value={c.name}>
                      {`${c.name} (${c.server})`}
                    </option>
                  ))}
                </select>
              </label>
            ))}
        </div>
      )}

      {error !== undefined && <ErrorNote error={error} />}

      <div className="button-row">
        <button type="button" data-testid="target-use" disabled={busy || !ready} onClick={() => void apply()}>
          Use this target
        </button>
      </div>
    </div>
  )
}
