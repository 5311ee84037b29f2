import { useState } from 'react'

const parsePort = (text: string): number | undefined => {
  const n = Number(text)
  return /^\d+$/.test(text) && n >= 1 && n <= 65535 ? n : undefined
}

interface RemapInputProps {
  from: number
  to: number | undefined
  disabled: boolean
  disabledReason?: string
  onChange: (to: number | undefined) => void
}

/** Keeps what the user types even while it is not a port yet; only valid ports reach the store. */
export function RemapInput({ from, to, disabled, disabledReason, onChange }: RemapInputProps) {
  const [draft, setDraft] = useState(to === undefined ? '' : String(to))
  const invalid = draft !== '' && parsePort(draft) === undefined

  return (
    <input
      type="number"
      min={1}
      max={65535}
      className={invalid ? 'port-input invalid' : 'port-input'}
      aria-label={`Host port instead of ${from}`}
      aria-invalid={invalid}
      data-testid={'remap-' + from}
      placeholder={String(from)}
      value={draft}
      disabled={disabled}
      title={disabled ? disabledReason : invalid ? 'A port is a whole number from 1 to 65535.' : undefined}
      onChange={(e) => {
        const text = e.target.value.trim()
        setDraft(text)
        if (text === '') onChange(undefined)
        else {
          const port = parsePort(text)
          if (port !== undefined) onChange(port)
        }
      }}
    />
  )
}
