import type { FindingStatus } from '@contract'

import { useApi } from '../../api/client-context.tsx'
import { useDoctorStore } from '../../stores/doctor.ts'
import { ErrorNote } from '../../ui/ErrorNote.tsx'
import { StatusBadge } from '../../ui/StatusBadge.tsx'
import { FindingRow } from './FindingRow.tsx'

const OVERALL: Record<FindingStatus, string> = {
  ok: 'Ready: everything Layer8 needs is in place.',
  warn: 'Ready, with warnings: read the items marked Warning below.',
  fail: 'Not ready yet: fix the items marked Fail below, then check again.'
}

/** The first screen: can this machine run the Layer8 cluster, and if not, what to do next. */
export function DoctorScreen() {
  const client = useApi()
  const report = useDoctorStore((s) => s.report)
  const running = useDoctorStore((s) => s.running)
  const error = useDoctorStore((s) => s.error)
  const run = useDoctorStore((s) => s.run)

  return (
    <section className="screen" aria-labelledby="doctor-heading">
      <header className="screen-header">
        <h1 id="doctor-heading">Is this machine ready?</h1>
        <button type="button" onClick={() => void run(client)} disabled={running}>
          Check again
        </button>
      </header>

      {running && (
        <p className="spinner" role="status" data-testid="doctor-running">
          Checking…
        </p>
      )}
      {error !== undefined && <ErrorNote error={error} />}

      {report !== undefined && (
        <>
          <div className={`overall status-${report.overall}`} data-testid="doctor-overall" data-status={report.overall}>
            <StatusBadge status={report.overall} />
            <span>{OVERALL[report.overall]}</span>
            <span className="muted">
              Checked {new Date(report.checkedAt).toLocaleTimeString()} on {report.platform}/{report.arch}
            </span>
          </div>
          <ul className="findings" data-testid="doctor-findings">
            {report.findings.map((f) => (
              <FindingRow key={f.id} finding={f} />
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
