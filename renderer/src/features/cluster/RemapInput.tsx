interface RemapInputProps {
  from: number
  /** What the field holds, exactly as typed; empty means "no remap". */
  text: string
  /** Why the text is not a usable port, shown under the field. */
  error: string | undefined
  disabled: boolean
  disabledReason?: string
  onChange: (text: string) => void
}

/** Shows what the user typed, never a number made up from it; the store decides what it means. */
export function RemapInput({ from, text, error, disabled, disabledReason, onChange }: RemapInputProps) {
  const errorId = `remap-error-${from}`
  return (
    <>
      <input
        type="text"
        inputMode="numeric"
        className={error === undefined ? 'port-input' : 'port-input invalid'}
        aria-label={`Host port instead of ${from}`}
        aria-invalid={error !== undefined}
        aria-describedby={error === undefined ? undefined : errorId}
        data-testid={'remap-' + from}
        placeholder={String(from)}
        value={text}
        disabled={disabled}
        title={disabled ? disabledReason : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error !== undefined && (
        <span className="remap-error" id={errorId} data-testid={errorId}>
          {error}
        </span>
      )}
    </>
  )
}
