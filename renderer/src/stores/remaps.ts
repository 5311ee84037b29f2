import type { PortMapping, PortRemap } from '@contract'

/** What each remap field holds, by the design host port it replaces; missing or empty means "no remap". */
export type RemapTexts = Readonly<Record<number, string>>

export interface RemapProblem {
  /** The design host port of the field. */
  from: number
  purpose: string
  message: string
}

/** A whole number from 1 to 65535 as typed; anything else is not a port, never a rounded or clipped one. */
export function parsePort(text: string): number | undefined {
  const trimmed = text.trim()
  if (!/^\d+$/.test(trimmed)) return undefined
  const n = Number(trimmed)
  return n >= 1 && n <= 65535 ? n : undefined
}

/** The remaps a status shows: every port whose host port is not the design's. */
export function seedRemaps(ports: readonly PortMapping[]): PortRemap[] {
  return ports.filter((p) => p.hostPort !== p.designHostPort).map((p) => ({ from: p.designHostPort, to: p.hostPort }))
}

export function remapsToTexts(remaps: readonly PortRemap[]): Record<number, string> {
  return Object.fromEntries(remaps.map((r) => [r.from, String(r.to)]))
}

/** The remaps the fields describe; a field that is not a port is left out (Create waits until it is one). */
export function remapsFromTexts(texts: RemapTexts): PortRemap[] {
  return Object.entries(texts).flatMap(([key, text]) => {
    const from = Number(key)
    const to = parsePort(text)
    return to === undefined || to === from ? [] : [{ from, to }]
  })
}

/** The host port a row's field puts it on: the typed port, the design's when empty, undefined when not a port. */
export function fieldPort(p: PortMapping, texts: RemapTexts): number | undefined {
  const text = texts[p.designHostPort] ?? ''
  return text.trim() === '' ? p.designHostPort : parsePort(text)
}

/** Fields that hold no usable port: out of range, not a number, or a host port another row ends up on. */
export function remapProblems(ports: readonly PortMapping[], texts: RemapTexts): RemapProblem[] {
  return ports.flatMap((p) => {
    const text = texts[p.designHostPort] ?? ''
    if (text.trim() === '') return []
    const port = parsePort(text)
    const problem = (message: string): RemapProblem[] => [{ from: p.designHostPort, purpose: p.purpose, message }]
    if (port === undefined) return problem('1 to 65535')
    const other = ports.find((q) => q !== p && fieldPort(q, texts) === port)
    return other === undefined ? [] : problem(`already used by ${other.purpose}`)
  })
}

/** Why Create has to wait for the remap fields, or undefined when they are all fine. */
export function remapIssue(problems: readonly RemapProblem[]): string | undefined {
  const first = problems[0]
  return first === undefined ? undefined : `Fix the host port for ${first.purpose} (${first.message}).`
}
