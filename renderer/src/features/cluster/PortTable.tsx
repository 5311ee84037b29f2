import { useState } from 'react'

import type { PortMapping, PortStatus } from '@contract'

import { useApi } from '../../api/client-context.tsx'
import { useTopic } from '../../api/use-topic.ts'
import { fieldPort, type RemapProblem, type RemapTexts } from '../../stores/remaps.ts'
import { describeHolder } from '../../ui/format.ts'
import { StatusBadge } from '../../ui/StatusBadge.tsx'
import { RemapInput } from './RemapInput.tsx'

/** The ports topic accepts at most this many ports per subscription. */
const MAX_WATCHED = 64

interface PortTableProps {
  ports: PortMapping[]
  /** What the remap fields hold, by design host port. */
  texts: RemapTexts
  problems: readonly RemapProblem[]
  /** Remaps apply when the cluster is created; afterwards the ports are fixed. */
  editable: boolean
  /** The running cluster holds these ports itself (through Docker): not a conflict. */
  servedByCluster: boolean
  onRemap: (from: number, text: string) => void
}

function LiveStatus({ status }: { status: PortStatus | undefined }) {
  if (status === undefined) return <span className="muted">checking…</span>
  if (status.note !== undefined) return <span className="muted">{status.note}</span>
  return status.free ? (
    <StatusBadge status="ok" label="free" />
  ) : (
    <span>
      <StatusBadge status="fail" label="in use" /> {describeHolder(status.holder)}
    </span>
  )
}

export function PortTable({ ports, texts, problems, editable, servedByCluster, onRemap }: PortTableProps) {
  const client = useApi()
  const [live, setLive] = useState<ReadonlyMap<number, PortStatus>>(new Map())
  // A field that is not a port yet leaves the row on the design's port.
  const effective = (p: PortMapping): number => (editable ? (fieldPort(p, texts) ?? p.designHostPort) : p.hostPort)
  // While the cluster serves the ports, Docker holds them: nothing to watch.
  const watched = servedByCluster ? [] : [...new Set(ports.map(effective))].sort((a, b) => a - b).slice(0, MAX_WATCHED)

  useTopic(client, 'ports', watched.length > 0 ? { ports: watched } : undefined, (statuses) =>
    setLive(new Map(statuses.map((s) => [s.port, s])))
  )

  return (
    <table className="port-table" data-testid="port-table">
      <thead>
        <tr>
          <th scope="col">Host port</th>
          <th scope="col">Node port</th>
          <th scope="col">Purpose</th>
          <th scope="col">On this machine</th>
          <th scope="col">Use instead</th>
        </tr>
      </thead>
      <tbody>
        {ports.map((p) => {
          const port = effective(p)
          return (
            <tr key={p.designHostPort} data-testid={'port-' + p.designHostPort} data-free={live.get(port)?.free}>
              <td>
                {port === p.designHostPort ? (
                  port
                ) : (
                  <>
                    <s>{p.designHostPort}</s> {port}
                  </>
                )}
              </td>
              <td>{p.containerPort}</td>
              <td>{p.purpose}</td>
              <td>
                {servedByCluster ? (
                  <StatusBadge status="ok" label="served by the cluster" />
                ) : (
                  <LiveStatus status={live.get(port)} />
                )}
              </td>
              <td>
                <RemapInput
                  from={p.designHostPort}
                  text={texts[p.designHostPort] ?? ''}
                  error={problems.find((x) => x.from === p.designHostPort)?.message}
                  disabled={!editable}
                  disabledReason="Host ports are chosen when the cluster is created."
                  onChange={(to) => onRemap(p.designHostPort, to)}
                />
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
