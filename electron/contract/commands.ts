import type { ClusterStatus, DoctorReport, PortStatus, TaskInfo } from './models.ts'

export interface AppInfo {
  name: string
  version: string
  platform: string
  arch: string
  /** Where settings, kubeconfigs and task logs are kept. */
  dataDir: string
  face: 'desktop' | 'browser' | 'cli'
}

export interface PortRemap {
  /** The design's host port, e.g. 5432. */
  from: number
  /** The host port to use instead. */
  to: number
}

export interface CreateClusterParams {
  name?: string
  workers?: number
  /** Host ports to use instead of the design's defaults. */
  remaps?: PortRemap[]
  /** Bind host ports on every interface instead of 127.0.0.1 only. */
  listenAll?: boolean
  /**
   * A kindest/node image to run instead of the pinned one: a copy in a company registry, or
   * one built with `kind build node-image`.
   */
  nodeImage?: string
}

export interface KubeContextInfo {
  name: string
  cluster: string
  server: string
  isKind: boolean
}

export type TargetParams = { kind: 'kind' } | { kind: 'kubeconfig'; path: string; context: string }

/**
 * Every request a face can make of the core: name -> params and result.
 * Adding one here makes the IPC bridge, the WebSocket server and the clients carry it.
 */
export interface Commands {
  'app.info': { params: Record<string, never>; result: AppInfo }
  'doctor.run': { params: Record<string, never>; result: DoctorReport }
  'ports.check': { params: { ports: number[] }; result: PortStatus[] }
  'cluster.status': { params: Record<string, never>; result: ClusterStatus }
  'cluster.create': { params: CreateClusterParams; result: { taskId: string } }
  'cluster.start': { params: Record<string, never>; result: { taskId: string } }
  'cluster.stop': { params: Record<string, never>; result: { taskId: string } }
  /** `confirm` must be true: deleting loses the cluster's data. */
  'cluster.delete': { params: { confirm: true }; result: { taskId: string } }
  'cluster.exportKubeconfig': { params: Record<string, never>; result: { path: string; context: string } }
  'target.contexts': { params: { path: string }; result: KubeContextInfo[] }
  'target.set': { params: TargetParams; result: ClusterStatus }
  'task.get': { params: { taskId: string }; result: TaskInfo & { log: string[] } }
  'task.list': { params: Record<string, never>; result: TaskInfo[] }
  'task.cancel': { params: { taskId: string }; result: { cancelled: boolean } }
}

export type CommandName = keyof Commands
export type CommandParams<N extends CommandName> = Commands[N]['params']
export type CommandResult<N extends CommandName> = Commands[N]['result']

/** Runtime list of names, so adapters can loop over the contract. */
export const COMMAND_NAMES = [
  'app.info',
  'doctor.run',
  'ports.check',
  'cluster.status',
  'cluster.create',
  'cluster.start',
  'cluster.stop',
  'cluster.delete',
  'cluster.exportKubeconfig',
  'target.contexts',
  'target.set',
  'task.get',
  'task.list',
  'task.cancel'
] as const satisfies readonly CommandName[]

type Missing = Exclude<CommandName, (typeof COMMAND_NAMES)[number]>
// Fails to compile when a command is added to the map but not to the list.
export const allCommandsListed: Missing extends never ? true : Missing = true
