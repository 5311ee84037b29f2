import type { AppErrorData } from './errors.ts'

/** Domain shapes shared by the core and every face. Plain data only. */

export type FindingStatus = 'ok' | 'warn' | 'fail'

export interface Finding {
  /** Stable id, e.g. `docker.engine` or `port.5432`. */
  id: string
  title: string
  status: FindingStatus
  summary: string
  /** The next step for warn and fail, in words a new user can follow. */
  nextStep?: string
  /** Links the UI may offer; the desktop shell opens only allow-listed hosts. */
  links?: { label: string; url: string }[]
}

export interface DoctorReport {
  checkedAt: string
  platform: string
  arch: string
  findings: Finding[]
  /** The worst status among the findings. */
  overall: FindingStatus
}

export interface PortHolder {
  pid?: number
  process?: string
}

export interface PortStatus {
  port: number
  /** What the design maps to this host port, e.g. "PostgreSQL". */
  purpose: string
  free: boolean
  holder?: PortHolder
  /** Set when the port could not be checked (e.g. a privileged port on Linux). */
  note?: string
}

export interface PortMapping {
  /** Port on the user's machine. */
  hostPort: number
  /** Port on the kind node (NodePort or the ingress' hostPort); never changes on remap. */
  containerPort: number
  purpose: string
  /** The host port the design gives it; remaps name this one. */
  designHostPort: number
}

export type ClusterProvider = 'kind' | 'kubeconfig'

export interface NodeState {
  name: string
  role: 'control-plane' | 'worker'
  ready: boolean
}

export interface ClusterStatus {
  name: string
  provider: ClusterProvider
  /** kind: node containers exist. kubeconfig: the context exists. */
  exists: boolean
  /** kind: every node container runs. */
  running: boolean
  apiReachable: boolean
  nodes: NodeState[]
  ports: PortMapping[]
  kubeconfigPath?: string
  context?: string
  /** Why kind-only actions are unavailable, when the target is not a kind cluster. */
  kindActionsDisabledReason?: string
  /** What keeps the cluster from being read (Docker down, kind missing), with the next step. */
  problem?: AppErrorData
}

export type TaskState = 'running' | 'succeeded' | 'failed' | 'cancelled'

export interface TaskStep {
  id: string
  title: string
  /** warning: finished, but not all of it worked (the log says what); the task goes on. */
  state: 'pending' | 'running' | 'done' | 'warning' | 'failed' | 'skipped'
  startedAt?: number
  durationMs?: number
}

export interface TaskInfo {
  id: string
  kind: 'cluster.create' | 'cluster.start' | 'cluster.stop' | 'cluster.delete'
  title: string
  state: TaskState
  steps: TaskStep[]
  startedAt: number
  endedAt?: number
  error?: AppErrorData
  /** Actions the UI can offer after a failure, e.g. delete-and-retry. */
  offers?: ('retry' | 'deleteAndRetry')[]
  logLines: number
}
