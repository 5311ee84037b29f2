import type { Finding } from '../../contract/models.ts'
import { findBinary } from '../process/search-path.ts'
import { STACK_NEEDS } from '../stack/design.ts'
import type { DoctorContext } from './context.ts'

export interface DockerEngineInfo {
  serverVersion: string
  osType: string
  operatingSystem: string
  architecture: string
  cpus: number
  memoryBytes: number
  rootDir: string
  /** "1" or "2"; empty when the engine does not say (before Docker 20.10). */
  cgroupVersion: string
}

const GIB = 1024 ** 3

const DOCKER_LINKS = [{ label: 'Get Docker', url: 'https://docs.docker.com/get-started/get-docker/' }]

export function startEngineHint(platform: NodeJS.Platform): string {
  if (platform === 'darwin')
    return 'Start Docker Desktop (open -a Docker), wait for "Engine running", then check again.'
  if (platform === 'win32')
    return 'Start Docker Desktop from the Start menu, wait for "Engine running", then check again.'
  return 'Start the engine (sudo systemctl start docker), or start Docker Desktop, then check again.'
}

/** `docker --version` -> "28.2.2". Pure. */
export function parseDockerClientVersion(stdout: string): string | undefined {
  return /Docker version ([^\s,]+)/.exec(stdout)?.[1]
}

/** The JSON `docker info --format '{{json .}}'` prints when the engine answers. Pure. */
export function parseDockerInfo(stdout: string): DockerEngineInfo | undefined {
  const start = stdout.indexOf('{')
  if (start < 0) return undefined
  let raw: Record<string, unknown>
  try {
    raw = JSON.parse(stdout.slice(start)) as Record<string, unknown>
  } catch {
    return undefined
  }
  const serverVersion = typeof raw['ServerVersion'] === 'string' ? raw['ServerVersion'] : ''
  // Without an engine the CLI still prints a skeleton with empty fields.
  if (serverVersion === '') return undefined
  const str = (k: string): string => (typeof raw[k] === 'string' ? raw[k] : '')
  const num = (k: string): number => (typeof raw[k] === 'number' ? raw[k] : 0)
  return {
    serverVersion,
    osType: str('OSType'),
    operatingSystem: str('OperatingSystem'),
    architecture: str('Architecture'),
    cpus: num('NCPU'),
    memoryBytes: num('MemTotal'),
    rootDir: str('DockerRootDir'),
    cgroupVersion: str('CgroupVersion')
  }
}

/** Classifies why `docker info` failed, from its stderr. Pure. */
export function engineFailure(stderr: string, platform: NodeJS.Platform): Finding {
  const base = { id: 'docker.engine', title: 'Docker engine' }
  if (/permission denied/i.test(stderr)) {
    return {
      ...base,
      status: 'fail',
      summary: 'The Docker engine is running, but this user may not talk to it (permission denied).',
      nextStep:
        'Add your user to the docker group (sudo usermod -aG docker $USER), log out and back in, then check again.'
    }
  }
  const firstLine =
    stderr
      .split('\n')
      .find((l) => l.trim().length > 0)
      ?.trim() ?? 'no answer'
  return {
    ...base,
    status: 'fail',
    summary: `The Docker engine is not running (${firstLine})`,
    nextStep: startEngineHint(platform),
    links: DOCKER_LINKS
  }
}

/**
 * Kubernetes 1.35+ kubelets refuse cgroup v1 hosts unless told otherwise (failCgroupV1), and
 * kind does not tell them. The app's kind config does, so the cluster still runs here.
 */
export const CGROUP_V1: Finding = {
  id: 'docker.cgroups',
  title: 'cgroup version',
  status: 'warn',
  summary:
    'The engine uses cgroup v1. Kubernetes 1.36 refuses it by default; this app lets the cluster run on it, but Kubernetes and kind are dropping it.',
  nextStep:
    'Move the host to cgroup v2: add systemd.unified_cgroup_hierarchy=1 to the kernel command line (GRUB_CMDLINE_LINUX), reboot, and restart Docker.'
}

export function engineFindings(info: DockerEngineInfo, hostArch: string): Finding[] {
  const mem = info.memoryBytes
  const memFinding: Finding =
    mem >= STACK_NEEDS.recommendedMemoryBytes
      ? { id: 'docker.memory', title: 'Docker memory', status: 'ok', summary: `${(mem / GIB).toFixed(1)} GiB` }
      : {
          id: 'docker.memory',
          title: 'Docker memory',
          status: mem >= STACK_NEEDS.minimumMemoryBytes ? 'warn' : 'fail',
          summary: `${(mem / GIB).toFixed(1)} GiB; the full Layer8 stack needs about ${STACK_NEEDS.recommendedMemoryBytes / GIB} GiB.`,
          nextStep:
            'Give Docker more memory (Docker Desktop: Settings > Resources > Memory), or deploy the light profile with one replica each.'
        }
  const cpuFinding: Finding =
    info.cpus >= STACK_NEEDS.recommendedCpus
      ? { id: 'docker.cpus', title: 'Docker CPUs', status: 'ok', summary: `${info.cpus} CPUs` }
      : {
          id: 'docker.cpus',
          title: 'Docker CPUs',
          status: info.cpus >= STACK_NEEDS.minimumCpus ? 'warn' : 'fail',
          summary: `${info.cpus} CPUs; the full stack requests about ${STACK_NEEDS.recommendedCpus}.`,
          nextStep: 'Give Docker more CPUs (Docker Desktop: Settings > Resources), or use the light profile.'
        }
  const engineArch =
    info.architecture === 'aarch64' ? 'arm64' : info.architecture === 'x86_64' ? 'x64' : info.architecture
  const archNote =
    engineArch === 'arm64'
      ? ' The Layer8 images are built for amd64 first; on arm64 some may need emulation or a local build.'
      : ''
  return [
    {
      id: 'docker.engine',
      title: 'Docker engine',
      status: info.osType === 'linux' ? 'ok' : 'fail',
      summary: `Engine ${info.serverVersion} running: ${info.operatingSystem || info.osType}/${info.architecture}.${archNote}`,
      ...(info.osType === 'linux'
        ? {}
        : { nextStep: 'kind needs Linux containers: switch Docker Desktop to Linux containers.' })
    },
    memFinding,
    cpuFinding,
    ...(info.cgroupVersion === '1' ? [CGROUP_V1] : []),
    ...(hostArch !== engineArch && engineArch !== ''
      ? [
          {
            id: 'docker.arch',
            title: 'Engine architecture',
            status: 'warn' as const,
            summary: `The engine runs ${info.architecture} while this machine is ${hostArch}.`
          }
        ]
      : [])
  ]
}

export interface DockerCheck {
  findings: Finding[]
  path?: string
  engine?: DockerEngineInfo
}

export async function checkDocker(ctx: DoctorContext): Promise<DockerCheck> {
  const path = await findBinary('docker', ctx.host)
  if (path === undefined) {
    return {
      findings: [
        {
          id: 'docker.cli',
          title: 'Docker CLI',
          status: 'fail',
          summary: 'The docker command was not found.',
          nextStep: 'Install Docker Desktop (macOS, Windows) or Docker Engine (Linux), then check again.',
          links: DOCKER_LINKS
        }
      ]
    }
  }
  const version = await ctx.run(path, ['--version'], { timeoutMs: 15_000 })
  const clientVersion = parseDockerClientVersion(version.stdout)
  const cli: Finding = {
    id: 'docker.cli',
    title: 'Docker CLI',
    status: clientVersion === undefined ? 'warn' : 'ok',
    summary: clientVersion === undefined ? `Unexpected answer from ${path} --version` : `${clientVersion} at ${path}`
  }
  const info = await ctx.run(path, ['info', '--format', '{{json .}}'], { timeoutMs: 30_000 })
  const engine = info.exitCode === 0 ? parseDockerInfo(info.stdout) : undefined
  if (engine === undefined) {
    return { path, findings: [cli, engineFailure(info.stderr || info.stdout, ctx.host.platform)] }
  }
  return { path, engine, findings: [cli, ...engineFindings(engine, ctx.arch)] }
}
