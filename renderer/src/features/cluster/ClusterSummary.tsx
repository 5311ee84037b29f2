import type { ClusterStatus } from '@contract'

import { StatusBadge } from '../../ui/StatusBadge.tsx'

const yesNo = (value: boolean, yes: string, no: string) => (
  <StatusBadge status={value ? 'ok' : 'warn'} label={value ? yes : no} />
)

export function ClusterSummary({ status }: { status: ClusterStatus }) {
  return (
    <div
      className="cluster-summary"
      data-testid="cluster-state"
      data-exists={status.exists}
      data-running={status.running}
    >
      <dl className="facts">
        <dt>Cluster</dt>
        <dd>
          {status.name}{' '}
          <span className="muted">({status.provider === 'kind' ? 'kind' : `kubeconfig ${status.context ?? ''}`})</span>
        </dd>
        <dt>Exists</dt>
        <dd>{yesNo(status.exists, 'Yes', 'No')}</dd>
        <dt>Running</dt>
        <dd>{yesNo(status.running, 'Yes', 'No')}</dd>
        <dt>API server</dt>
        <dd>{yesNo(status.apiReachable, 'Reachable', 'Not reachable')}</dd>
        <dt>Nodes</dt>
        <dd>
          {status.nodes.length === 0 ? (
            <span className="muted">None</span>
          ) : (
            <ul className="nodes">
              {status.nodes.map((n) => (
                <li key={n.name} data-testid={'node-' + n.name} data-ready={n.ready}>
                  {n.name} <span className="muted">{n.role}</span>{' '}
                  <StatusBadge status={n.ready ? 'ok' : 'warn'} label={n.ready ? 'Ready' : 'Not Ready'} />
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </div>
  )
}
