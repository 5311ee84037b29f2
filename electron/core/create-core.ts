import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import type { AppInfo } from '../contract/commands.ts'
import { runDoctor, defaultDoctorContext } from './doctor/doctor.ts'
import type { DoctorContext } from './doctor/context.ts'
import { createClusterService, type ClusterService, type ClusterServiceDeps } from './cluster/cluster-service.ts'
import { checkPorts } from './ports/check-ports.ts'
import { portsTopic } from './ports/ports-topic.ts'
import { runProcess, type Runner } from './process/run.ts'
import { Dispatcher, type CommandHandlers, type TopicFactories } from './rpc/dispatch.ts'
import { polledTopic } from './rpc/polled-topic.ts'
import { TopicHub } from './rpc/topic-hub.ts'
import { TaskRegistry } from './tasks/task-registry.ts'

export interface CoreDeps {
  face: AppInfo['face']
  dataDir: string
  run?: Runner
  doctor?: DoctorContext
  now?: () => number
  /** Where the shipped add-on manifests are; the packaged app passes its resources folder. */
  manifestsDir?: string
  timeouts?: ClusterServiceDeps['timeouts']
}

export interface Core {
  dispatcher: Dispatcher
  tasks: TaskRegistry
  cluster: ClusterService
  dispose(): Promise<void>
}

function appVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}

/** Builds the core every face talks to. It owns every task and stream it starts. */
export function createCore(deps: CoreDeps): Core {
  const run = deps.run ?? runProcess
  const doctor = deps.doctor ?? defaultDoctorContext(run)
  const tasks = new TaskRegistry(deps.now)
  const hub = new TopicHub()
  const cluster = createClusterService({
    run,
    host: doctor.host,
    dataDir: deps.dataDir,
    tasks,
    manifestsDir: deps.manifestsDir ?? fileURLToPath(new URL('../../manifests', import.meta.url)),
    timeouts: deps.timeouts
  })
  const portDeps = { platform: doctor.host.platform, run }

  const handlers: CommandHandlers = {
    'app.info': () =>
      Promise.resolve({
        name: 'Layer8 Desktop',
        version: appVersion(),
        platform: process.platform,
        arch: process.arch,
        dataDir: deps.dataDir,
        face: deps.face
      }),
    'doctor.run': () => runDoctor(doctor),
    'ports.check': ({ ports }) => checkPorts(ports, portDeps),
    'cluster.status': () => cluster.status(),
    'cluster.create': (p) => cluster.create(p),
    'cluster.start': () => cluster.start(),
    'cluster.stop': () => cluster.stop(),
    'cluster.delete': () => cluster.remove(),
    'cluster.exportKubeconfig': () => cluster.exportKubeconfig(),
    'target.contexts': ({ path }) => cluster.contexts(path),
    'target.set': (p) => cluster.setTarget(p),
    'task.get': ({ taskId }) => Promise.resolve(tasks.get(taskId)),
    'task.list': () => Promise.resolve(tasks.list()),
    'task.cancel': ({ taskId }) => Promise.resolve({ cancelled: tasks.cancel(taskId) })
  }

  const topics: TopicFactories = {
    ports: ({ ports }) => portsTopic(ports, portDeps),
    task: ({ taskId }) => ({
      snapshot: () => tasks.snapshot(taskId),
      start: (sink) => {
        const first = tasks.snapshot(taskId)
        sink.event(first)
        if (first.type === 'snapshot' && first.task.state !== 'running') {
          queueMicrotask(() => sink.end())
          return { dispose: () => undefined }
        }
        // The stream ends with the task, so nobody has to watch for the last state event.
        return tasks.watch(taskId, (e) => {
          sink.event(e)
          if (e.type === 'state' && e.task.state !== 'running') sink.end()
        })
      }
    }),
    // Docker and the API are asked every 5 s only while a screen shows the cluster.
    clusterStatus: () => polledTopic(() => cluster.status(), 5000),
    tasks: () => ({
      snapshot: () => tasks.list(),
      start: (sink) => {
        sink.event(tasks.list())
        return tasks.watchList((list) => sink.event(list))
      }
    })
  }

  return {
    dispatcher: new Dispatcher(handlers, topics, hub),
    tasks,
    cluster,
    dispose: async () => {
      hub.dispose()
      await tasks.dispose()
    }
  }
}
