import type { AppErrorData, ErrorCode } from '../contract/errors.ts'

/** Thrown inside the core; converted to AppErrorData at every boundary. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly hint: string | undefined
  readonly details: Record<string, unknown> | undefined

  constructor(
    code: ErrorCode,
    message: string,
    options: { hint?: string; details?: Record<string, unknown>; cause?: unknown } = {}
  ) {
    super(message, { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.hint = options.hint
    this.details = options.details
  }

  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message }
    if (this.hint !== undefined) data.hint = this.hint
    if (this.details !== undefined) data.details = this.details
    return data
  }
}

export function toErrorData(err: unknown): AppErrorData {
  if (err instanceof AppError) return err.toData()
  if (err instanceof Error && err.name === 'AbortError') {
    return { code: 'CANCELLED', message: 'The operation was cancelled.' }
  }
  const message = err instanceof Error ? err.message : String(err)
  return {
    code: 'INTERNAL',
    message: `Unexpected error: ${message}`,
    hint: 'This is a bug in Layer8 Desktop. Please report it with the task log.'
  }
}
