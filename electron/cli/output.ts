import type { AppErrorData } from '../contract/errors.ts'
import type { Finding } from '../contract/models.ts'

const MARK: Record<Finding['status'], string> = { ok: '✓', warn: '!', fail: '✗' }

export function formatFindings(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const head = `${MARK[f.status]} ${f.title}: ${f.summary}`
      return f.nextStep === undefined ? head : `${head}\n    → ${f.nextStep}`
    })
    .join('\n')
}

export function formatError(e: AppErrorData): string {
  return `error [${e.code}]: ${e.message}${e.hint === undefined ? '' : `\n  → ${e.hint}`}`
}

export interface Out {
  stdout(text: string): void
  stderr(text: string): void
}

export const processOut: Out = {
  stdout: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  stderr: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n')
}
