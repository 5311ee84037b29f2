import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export interface StubResponse {
  /** Argument prefix to match; '*' matches any one argument. */
  args: string[]
  stdout?: string
  stderr?: string
  code?: number
  /** Lines written one by one, each after an optional delay (progress output). */
  lines?: { stream: 'stdout' | 'stderr'; text: string; delayMs?: number }[]
  /** Sleep before exiting: lets a test cancel a running command. */
  hangMs?: number
  /** Only when the stub's state has these values. */
  when?: Record<string, string>
  /** State to set after answering (e.g. a created cluster now exists). */
  set?: Record<string, string>
  /** Copy a file to the path given after `flag` (kind writing --kubeconfig). */
  copy?: { flag: string; source: string }
}

const RUNNER = path.join(import.meta.dirname, 'stub-runner.js')

/** Writes an executable `name` into `dir` that replays `responses`; returns its calls later. */
export function writeStub(
  dir: string,
  name: string,
  responses: StubResponse[],
  initialState: Record<string, string> = {}
): { calls: () => string[][] } {
  mkdirSync(dir, { recursive: true })
  const spec = path.join(dir, `${name}.stub.json`)
  writeFileSync(spec, JSON.stringify({ name, responses }))
  const stateFile = path.join(dir, 'state.json')
  const state = existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, string>) : {}
  writeFileSync(stateFile, JSON.stringify({ ...state, ...initialState }))
  const exe = path.join(dir, name)
  writeFileSync(exe, `#!/bin/sh\nexec "${process.execPath}" "${RUNNER}" "${spec}" "$@"\n`)
  chmodSync(exe, 0o755)
  return {
    calls: () =>
      existsSync(`${spec}.calls`)
        ? readFileSync(`${spec}.calls`, 'utf8')
            .trim()
            .split('\n')
            .filter((l) => l !== '')
            .map((l) => JSON.parse(l) as string[])
        : []
  }
}

export interface Recording {
  code: number
  stdout: string
  stderr: string
}

export function fixture(rel: string): Recording {
  return JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures', rel), 'utf8')) as Recording
}

/** A recorded run as a stub answer. */
export const replay = (args: string[], r: Recording): StubResponse => ({
  args,
  stdout: r.stdout,
  stderr: r.stderr,
  code: r.code
})
