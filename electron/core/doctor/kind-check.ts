import type { Finding } from '../../contract/models.ts'
import { findBinary } from '../process/search-path.ts'
import type { DoctorContext } from './context.ts'

/** Oldest kind that supports what the cluster config uses (kubeadm patches, node labels). */
export const KIND_MINIMUM = '0.30.0'
/** The kind release whose node image the app pins by digest. */
export const KIND_TESTED = '0.33.0'

const KIND_LINKS = [{ label: 'Install kind', url: 'https://kind.sigs.k8s.io/docs/user/quick-start/#installation' }]

/** `kind version` -> "0.33.0". Pure. */
export function parseKindVersion(stdout: string): string | undefined {
  return /kind v(\d+\.\d+\.\d+)/.exec(stdout)?.[1]
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return Math.sign(d)
  }
  return 0
}

export function kindFinding(version: string | undefined, path: string): Finding {
  const base = { id: 'kind', title: 'kind' }
  if (version === undefined) {
    return { ...base, status: 'warn', summary: `Could not read the version of ${path}.` }
  }
  if (compareVersions(version, KIND_MINIMUM) < 0) {
    return {
      ...base,
      status: 'fail',
      summary: `kind ${version} at ${path} is older than the minimum supported ${KIND_MINIMUM}.`,
      nextStep: `Upgrade kind to v${KIND_TESTED} (brew upgrade kind, or go install sigs.k8s.io/kind@v${KIND_TESTED}).`,
      links: KIND_LINKS
    }
  }
  if (compareVersions(version, KIND_TESTED) < 0) {
    return {
      ...base,
      status: 'warn',
      summary: `kind ${version} at ${path} works, but Layer8 Desktop is tested with ${KIND_TESTED}.`,
      nextStep: `Upgrade kind to v${KIND_TESTED} when convenient.`
    }
  }
  return { ...base, status: 'ok', summary: `kind ${version} at ${path}` }
}

export async function checkKind(ctx: DoctorContext): Promise<Finding> {
  const path = await findBinary('kind', ctx.host)
  if (path === undefined) {
    return {
      id: 'kind',
      title: 'kind',
      status: 'fail',
      summary: 'The kind command was not found.',
      nextStep: `Install kind v${KIND_TESTED}: brew install kind (macOS), winget install Kubernetes.kind (Windows), or go install sigs.k8s.io/kind@v${KIND_TESTED}.`,
      links: KIND_LINKS
    }
  }
  const r = await ctx.run(path, ['version'], { timeoutMs: 15_000 })
  return kindFinding(r.exitCode === 0 ? parseKindVersion(r.stdout) : undefined, path)
}
