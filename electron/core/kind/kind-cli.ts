import { AppError } from '../app-error.ts'
import type { Runner, RunResult } from '../process/run.ts'

/** Where the docker and kind binaries are, and the PATH kind needs to find docker itself. */
export interface KindTools {
  kind: string
  docker: string
  env: Record<string, string | undefined>
}

export interface NodeContainer {
  name: string
  running: boolean
  role: string
}

const DAEMON_DOWN =
  /Cannot connect to the Docker daemon|docker daemon is not running|error during connect|Is the docker daemon running/i

/** Turns a failed kind or docker run into an error that says what to do. Pure. */
export function classifyFailure(what: string, r: RunResult): AppError {
  const text = `${r.stderr}\n${r.stdout}`
  if (DAEMON_DOWN.test(text)) {
    return new AppError('DOCKER_UNAVAILABLE', `${what}: the Docker engine is not running.`, {
      hint: 'Start Docker Desktop (or the docker service), wait until it is running, then try again.',
      details: { exitCode: r.exitCode, stderr: r.stderr.slice(0, 4000) }
    })
  }
  // Only docker itself missing: a command missing inside a node says "executable file not
  // found" too, and is a failure of that command.
  if (/exec: "docker": executable file not found|\bdocker: (command )?not found/i.test(text)) {
    return new AppError('DOCKER_NOT_FOUND', `${what}: kind could not find the docker command.`, {
      hint: 'Install Docker, or make sure docker is on the PATH.',
      details: { stderr: r.stderr.slice(0, 4000) }
    })
  }
  const firstError = text.split('\n').find((l) => l.startsWith('ERROR:')) ?? text.trim().split('\n')[0] ?? ''
  return new AppError('COMMAND_FAILED', `${what} failed (exit code ${r.exitCode}): ${firstError}`, {
    hint: 'The full output is in the task log.',
    details: { exitCode: r.exitCode, stderr: r.stderr.slice(0, 4000) }
  })
}

/**
 * `docker inspect -f '{{json .HostConfig.PortBindings}}'`: what a container binds when it
 * starts, running or not, as containerPort -> hostPort. Pure.
 */
export function parsePortBindings(json: string): Map<number, number> {
  const map = new Map<number, number>()
  const parsed = JSON.parse(json.trim() || 'null') as Record<string, { HostPort?: string }[] | null> | null
  for (const [key, bindings] of Object.entries(parsed ?? {})) {
    const container = /^(\d+)\/tcp$/.exec(key)?.[1]
    const host = Number(bindings?.[0]?.HostPort)
    if (container !== undefined && Number.isInteger(host) && host > 0) map.set(Number(container), host)
  }
  return map
}

/** `kind get clusters` prints one name a line, or "No kind clusters found." on stderr. Pure. */
export function parseClusterList(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('No kind clusters'))
}

/** `docker ps --format '{{.Names}}\t{{.State}}\t{{.Label "io.x-k8s.kind.role"}}'`. Pure. */
export function parseNodeContainers(stdout: string): NodeContainer[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => {
      const [name = '', state = '', role = ''] = l.split('\t')
      return { name, running: state === 'running', role }
    })
}

export class KindCli {
  private readonly run: Runner
  private readonly tools: KindTools

  constructor(run: Runner, tools: KindTools) {
    this.run = run
    this.tools = tools
  }

  private async ok(what: string, file: string, args: string[], opts: Parameters<Runner>[2] = {}): Promise<RunResult> {
    const r = await this.run(file, args, { ...opts, env: this.tools.env })
    if (r.exitCode !== 0) throw classifyFailure(what, r)
    return r
  }

  /** "0.33.0", or undefined when kind does not say. */
  async version(): Promise<string | undefined> {
    const r = await this.run(this.tools.kind, ['version'], { env: this.tools.env, timeoutMs: 15_000 })
    return r.exitCode === 0 ? /kind v(\d+\.\d+\.\d+)/.exec(r.stdout)?.[1] : undefined
  }

  async clusters(signal?: AbortSignal): Promise<string[]> {
    const r = await this.ok('Listing kind clusters', this.tools.kind, ['get', 'clusters'], {
      signal,
      timeoutMs: 30_000
    })
    return parseClusterList(r.stdout)
  }

  async create(
    name: string,
    configPath: string,
    kubeconfigPath: string,
    onLine: (line: string) => void,
    signal: AbortSignal
  ): Promise<void> {
    await this.ok(
      'Creating the kind cluster',
      this.tools.kind,
      ['create', 'cluster', '--name', name, '--config', configPath, '--kubeconfig', kubeconfigPath, '--retain=false'],
      { signal, onLine }
    )
  }

  async remove(name: string, kubeconfigPath: string, onLine?: (line: string) => void): Promise<void> {
    await this.ok(
      'Deleting the kind cluster',
      this.tools.kind,
      ['delete', 'cluster', '--name', name, '--kubeconfig', kubeconfigPath],
      {
        onLine,
        timeoutMs: 300_000
      }
    )
  }

  async kubeconfig(name: string): Promise<string> {
    const r = await this.ok('Reading the cluster kubeconfig', this.tools.kind, ['get', 'kubeconfig', '--name', name], {
      timeoutMs: 30_000
    })
    return r.stdout
  }

  async nodeContainers(name: string): Promise<NodeContainer[]> {
    const r = await this.ok(
      'Listing the cluster node containers',
      this.tools.docker,
      [
        'ps',
        '-a',
        '--filter',
        `label=io.x-k8s.kind.cluster=${name}`,
        '--format',
        '{{.Names}}\t{{.State}}\t{{.Label "io.x-k8s.kind.role"}}'
      ],
      { timeoutMs: 30_000 }
    )
    return parseNodeContainers(r.stdout)
  }

  /** "1" or "2", as the engine reports it. */
  async cgroupVersion(): Promise<string> {
    const r = await this.ok('Asking the Docker engine', this.tools.docker, ['info', '--format', '{{.CgroupVersion}}'], {
      timeoutMs: 30_000
    })
    return r.stdout.trim()
  }

  async portBindings(container: string): Promise<Map<number, number>> {
    const r = await this.ok(
      'Reading the node port bindings',
      this.tools.docker,
      ['inspect', '-f', '{{json .HostConfig.PortBindings}}', container],
      { timeoutMs: 30_000 }
    )
    return parsePortBindings(r.stdout)
  }

  async docker(
    what: string,
    args: string[],
    onLine?: (line: string) => void,
    signal?: AbortSignal,
    input?: string
  ): Promise<RunResult> {
    return this.ok(what, this.tools.docker, args, { onLine, signal, input, timeoutMs: 300_000 })
  }
}
