import { execa, type Options } from 'execa'

import { AppError } from '../app-error.ts'

export interface RunOptions {
  signal?: AbortSignal
  /** Called for every complete line of stdout and stderr, as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void
  input?: string
  timeoutMs?: number
  env?: Record<string, string | undefined>
}

export interface RunResult {
  exitCode: number
  stdout: string
  stderr: string
}

/** Runs a program to completion. A non-zero exit is a result, not an exception. */
export type Runner = (file: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>

export const runProcess: Runner = async (file, args, options = {}) => {
  const onLine = options.onLine
  // execa's line transforms hand us each line as it arrives and still collect the output.
  const tap = (stream: 'stdout' | 'stderr') =>
    onLine === undefined
      ? 'pipe'
      : [
          function* (line: unknown): Generator<unknown> {
            onLine(String(line), stream)
            yield line
          },
          'pipe'
        ]
  const child = execa(file, args, {
    reject: false,
    stripFinalNewline: true,
    env: options.env,
    extendEnv: true,
    input: options.input,
    timeout: options.timeoutMs,
    cancelSignal: options.signal,
    windowsHide: true,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : {}),
    stdout: tap('stdout'),
    stderr: tap('stderr')
  } as Options)
  const result = await child
  if (result.isCanceled) {
    throw new AppError('CANCELLED', `Cancelled: ${file} ${args.join(' ')}`)
  }
  if (result.timedOut) {
    throw new AppError('TIMEOUT', `${file} ${args.join(' ')} did not finish in ${options.timeoutMs ?? 0} ms`)
  }
  if (result.failed && result.exitCode === undefined) {
    throw new AppError('COMMAND_FAILED', `Could not run ${file}: ${result.shortMessage}`, {
      hint: 'Check that the program exists and is executable.'
    })
  }
  return {
    exitCode: result.exitCode ?? 1,
    stdout: typeof result.stdout === 'string' ? result.stdout : '',
    stderr: typeof result.stderr === 'string' ? result.stderr : ''
  }
}
