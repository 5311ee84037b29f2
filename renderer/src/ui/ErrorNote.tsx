import type { AppErrorData } from '@contract'

import { describeHolder, portsInDetails } from './format.ts'

/** An error as the core phrased it: what happened, then what the user can do about it. */
export function ErrorNote({ error }: { error: AppErrorData }) {
  const ports = portsInDetails(error.details)
  return (
    <div className="error-note" role="alert" data-testid="error" data-code={error.code}>
      <p className="error-message">{error.message}</p>
      {error.hint !== undefined && <p className="error-hint">{error.hint}</p>}
      {ports.length > 0 && (
        <ul className="error-ports">
          {ports.map((p) => (
            <li key={p.port}>
              Port {p.port} ({p.purpose}): {p.free ? 'free now' : `in use by ${describeHolder(p.holder)}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
