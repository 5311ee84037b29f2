import os from 'node:os'

import { toErrorData } from '../app-error.ts'

import type { DoctorReport, Finding, FindingStatus } from '../../contract/models.ts'
import { checkPorts } from '../ports/check-ports.ts'
import { DESIGN_HOST_PORTS } from '../stack/design.ts'
import type { DoctorContext } from './context.ts'
import { checkDocker, type DockerCheck } from './docker-check.ts'
import { checkDisk, checkInotify, portFinding } from './host-checks.ts'
import { checkKind } from './kind-check.ts'

const RANK: Record<FindingStatus, number> = { ok: 0, warn: 1, fail: 2 }

/** A check that could not run at all (a hung docker, a binary that will not start) still reports. */
function brokenCheck(id: string, title: string, err: unknown): Finding {
  const e = toErrorData(err)
  return {
    id,
    title,
    status: 'fail',
    summary: `${title} did not answer: ${e.message}`,
    nextStep:
      e.code === 'TIMEOUT'
        ? `${title} seems stuck: restart it (Docker Desktop: Troubleshoot > Restart), then check again.`
        : (e.hint ?? 'Check that it is installed correctly, then check again.')
  }
}

export function worstStatus(findings: readonly Finding[]): FindingStatus {
  return findings.reduce<FindingStatus>((w, f) => (RANK[f.status] > RANK[w] ? f.status : w), 'ok')
}

/** Every check runs; one failing check never hides the others. */
export async function runDoctor(ctx: DoctorContext, now: () => Date = () => new Date()): Promise<DoctorReport> {
  const [docker, kind, inotify, ports] = await Promise.all([
    checkDocker(ctx).catch((err: unknown): DockerCheck => ({
      findings: [brokenCheck('docker.engine', 'Docker engine', err)]
    })),
    checkKind(ctx).catch((err: unknown) => brokenCheck('kind', 'kind', err)),
    checkInotify(ctx),
    checkPorts(DESIGN_HOST_PORTS, { platform: ctx.host.platform, run: ctx.run })
  ])
  // Docker keeps images under its root dir on Linux; elsewhere they live in a VM disk
  // that grows inside the user's home.
  const diskPath = ctx.host.platform === 'linux' && docker.engine?.rootDir ? docker.engine.rootDir : ctx.host.homedir
  const disk = await checkDisk(ctx, diskPath)
  const findings: Finding[] = [
    ...docker.findings,
    kind,
    ...(inotify === undefined ? [] : [inotify]),
    disk,
    ...ports.map(portFinding)
  ]
  return {
    checkedAt: now().toISOString(),
    platform: ctx.host.platform,
    arch: ctx.arch,
    findings,
    overall: worstStatus(findings)
  }
}

export function defaultDoctorContext(run: DoctorContext['run']): DoctorContext {
  return {
    host: { platform: process.platform, env: process.env, homedir: os.homedir() },
    arch: process.arch,
    run,
    readTextFile: async (p) => (await import('node:fs/promises')).readFile(p, 'utf8'),
    freeBytes: async (p) => {
      const { statfs } = await import('node:fs/promises')
      const s = await statfs(p)
      return s.bavail * s.bsize
    }
  }
}
