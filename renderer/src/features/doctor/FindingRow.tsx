import { useState } from 'react'

import type { AppErrorData, Finding } from '@contract'

import { openExternal } from '../../api/pick-client.ts'
import { ErrorNote } from '../../ui/ErrorNote.tsx'
import { StatusBadge } from '../../ui/StatusBadge.tsx'

export function FindingRow({ finding }: { finding: Finding }) {
  const [linkError, setLinkError] = useState<AppErrorData>()

  const open = async (url: string): Promise<void> => {
    const result = await openExternal(url)
    setLinkError(result.ok ? undefined : result.error)
  }

  return (
    <li
      className={`finding status-${finding.status}`}
      data-testid={'finding-' + finding.id}
      data-status={finding.status}
    >
      <StatusBadge status={finding.status} />
      <div className="finding-body">
        <h3 className="finding-title">{finding.title}</h3>
        <p className="finding-summary">{finding.summary}</p>
        {finding.nextStep !== undefined && <p className="finding-next">{finding.nextStep}</p>}
        {finding.links !== undefined && finding.links.length > 0 && (
          <div className="finding-links">
            {finding.links.map((link) => (
              <button key={link.url} type="button" className="link-button" onClick={() => void open(link.url)}>
                {link.label}
              </button>
            ))}
          </div>
        )}
        {linkError !== undefined && <ErrorNote error={linkError} />}
      </div>
    </li>
  )
}
