import type { FindingStatus } from '@contract'

const LABELS: Record<FindingStatus, string> = { ok: 'OK', warn: 'Warning', fail: 'Fail' }

export function StatusBadge({ status, label }: { status: FindingStatus; label?: string }) {
  return <span className={`badge status-${status}`}>{label ?? LABELS[status]}</span>
}
