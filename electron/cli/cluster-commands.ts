import type { CommandName, KubeContextInfo, PortRemap } from '../contract/commands.ts'
import type { AppErrorData, Result } from '../contract/errors.ts'
import type { ClusterStatus, TaskInfo, TaskStep } from '../contract/models.ts'
import type { TaskEvent } from '../contract/topics.ts'
import type { CliCommand, CliContext } from './main.ts'
import { EXIT, fail } from './main.ts'
import { formatError } from './output.ts'

const seconds = (ms: number | undefined): string => (ms === undefined ? '' : ` (${(ms / 1000).toFixed(1)} s)`)

const STEP_MARKS: Partial<Record<TaskStep['state'], string>> = { done: '✓', warning: '!', failed: '✗' }
/** `--port 5432=15432` -> remap. Pure. */
export function parsePortFlag(value: string): PortRemap | AppErrorData {
  const m = /^(\d{1,5})=(\d{1,5})$/.exec(value.trim())
  if (m === null) {
    return { code: 'INVALID_CONFIG', message: `--port "${value}" is not HOST=NEW.`, hint: 'Example: --port 5432=15432' }
  }
  return { from: Number(m[1]), to: Number(m[2]) }
}

/** Runs a task to its end, printing steps and log lines as they come; Ctrl-C cancels it. */
async function followTask(ctx: CliContext, started: Result<unknown>): Promise<number> {
  if (!started.ok) return fail(ctx.out, ctx.json, started.error)
  const { taskId } = started.value as { taskId: string }
  const ended = await new Promise<TaskInfo | AppErrorData>((resolve) => {
    const onAbort = (): void => void ctx.core.dispatcher.call('task.cancel', { taskId })
    ctx.signal.addEventListener('abort', onAbort, { once: true })
    let last: TaskInfo | undefined
    const finish = (v: TaskInfo | AppErrorData): void => {
      ctx.signal.removeEventListener('abort', onAbort)
      resolve(v)
    }
    const sub = ctx.core.dispatcher.subscribe(
      'task',
      { taskId },
      {
        event: (raw) => {
          const e = raw as TaskEvent
          if (e.type === 'log' && !ctx.json) for (const l of e.lines) ctx.out.stdout(`  ${l}`)
          if (e.type === 'step' && !ctx.json && e.step.state !== 'running') {
            const mark = STEP_MARKS[e.step.state] ?? '-'
            ctx.out.stdout(`${mark} ${e.step.title}${seconds(e.step.durationMs)}`)
          }
          if (e.type === 'state' || e.type === 'snapshot') last = e.task
        },
        // The task topic ends with its task; an end without a final state is an error.
        end: (error) =>
          finish(
            last !== undefined && last.state !== 'running'
              ? last
              : (error ?? { code: 'INTERNAL', message: 'The task stream ended before the task did.' })
          )
      }
    )
    if (!sub.ok) finish(sub.error)
  })
  if (!('id' in ended)) return fail(ctx.out, ctx.json, ended)
  if (ctx.json) ctx.out.stdout(JSON.stringify(ended, null, 2))
  else if (ended.state === 'succeeded')
    ctx.out.stdout(`${ended.title}: done${seconds((ended.endedAt ?? 0) - ended.startedAt)}`)
  else if (ended.error !== undefined) {
    fail(ctx.out, false, ended.error)
    if (ended.offers?.includes('deleteAndRetry'))
      ctx.out.stderr(
        '  → The full log is kept in the data folder. "l8dev down --yes" then "l8dev up" retries from scratch.'
      )
  }
  if (ended.state === 'cancelled') return EXIT.interrupted
  return ended.state === 'succeeded' ? EXIT.ok : EXIT.failed
}

function taskCommand(name: CommandName, summary: string, usage: string): CliCommand {
  return {
    summary,
    usage,
    options: {},
    run: async (ctx) => followTask(ctx, await ctx.core.dispatcher.call(name, {}))
  }
}

function formatStatus(s: ClusterStatus): string {
  const state = !s.exists
    ? 'does not exist'
    : !s.running
      ? 'stopped'
      : s.apiReachable
        ? 'running'
        : 'starting (API not answering yet)'
  const lines = [`${s.name} (${s.provider}): ${state}`]
  for (const n of s.nodes) lines.push(`  ${n.ready ? '✓' : '✗'} ${n.name} [${n.role}]`)
  if (s.ports.length > 0) {
    lines.push('  Host ports:')
    for (const p of s.ports)
      lines.push(`    ${String(p.hostPort).padStart(5)} -> ${String(p.containerPort).padEnd(5)} ${p.purpose}`)
  }
  if (s.kindActionsDisabledReason !== undefined) lines.push(`  ${s.kindActionsDisabledReason}`)
  return lines.join('\n')
}

export const clusterCommands: Record<string, CliCommand> = {
  status: {
    summary: 'Show the cluster: exists, running, nodes Ready, API reachable, host ports',
    usage: 'l8dev status [--json]',
    options: {},
    run: async (ctx) => {
      const r = await ctx.core.dispatcher.call('cluster.status', {})
      if (!r.ok) return fail(ctx.out, ctx.json, r.error)
      const s = r.value as ClusterStatus
      ctx.out.stdout(ctx.json ? JSON.stringify(s, null, 2) : formatStatus(s))
      if (s.problem !== undefined && !ctx.json) ctx.out.stderr(formatError(s.problem))
      return s.problem === undefined ? EXIT.ok : EXIT.failed
    }
  },
  up: {
    summary: 'Create layer8-dev-001 (or adopt it if it exists) with ingress and metrics-server',
    usage:
      'l8dev up [--port HOST=NEW ...] [--workers <n>] [--listen-all] [--name <name>] [--node-image <ref>] [--json]',
    options: {
      port: { type: 'string', multiple: true },
      workers: { type: 'string' },
      'listen-all': { type: 'boolean' },
      name: { type: 'string' },
      'node-image': { type: 'string' }
    },
    run: async (ctx) => {
      const remaps: PortRemap[] = []
      for (const v of (ctx.values['port'] as string[] | undefined) ?? []) {
        const r = parsePortFlag(v)
        if ('code' in r) return fail(ctx.out, ctx.json, r)
        remaps.push(r)
      }
      const workersRaw = ctx.values['workers'] as string | undefined
      const workers = workersRaw === undefined ? undefined : Number(workersRaw)
      if (workers !== undefined && !Number.isInteger(workers)) {
        return fail(ctx.out, ctx.json, {
          code: 'INVALID_CONFIG',
          message: `--workers "${workersRaw}" is not a whole number.`
        })
      }
      const params = {
        ...(remaps.length > 0 ? { remaps } : {}),
        ...(workers === undefined ? {} : { workers }),
        ...(ctx.values['listen-all'] === true ? { listenAll: true } : {}),
        ...(typeof ctx.values['name'] === 'string' ? { name: ctx.values['name'] } : {}),
        ...(typeof ctx.values['node-image'] === 'string' ? { nodeImage: ctx.values['node-image'] } : {})
      }
      return followTask(ctx, await ctx.core.dispatcher.call('cluster.create', params))
    }
  },
  start: taskCommand('cluster.start', 'Start the stopped cluster and wait until it is Ready', 'l8dev start [--json]'),
  stop: taskCommand('cluster.stop', "Stop the cluster's node containers (data is kept)", 'l8dev stop [--json]'),
  down: {
    summary: 'Delete the cluster and its kubeconfig (needs --yes)',
    usage: 'l8dev down --yes [--json]',
    options: { yes: { type: 'boolean', short: 'y' } },
    run: async (ctx) => {
      if (ctx.values['yes'] !== true) {
        ctx.out.stderr('Deleting the cluster loses its data. Run "l8dev down --yes" to confirm.')
        return EXIT.usage
      }
      return followTask(ctx, await ctx.core.dispatcher.call('cluster.delete', { confirm: true }))
    }
  },
  target: {
    summary: 'Show or change what the app manages: the kind cluster, or a context of any kubeconfig',
    usage: 'l8dev target [--kind | --kubeconfig <file> [--context <name>]] [--json]',
    options: { kind: { type: 'boolean' }, kubeconfig: { type: 'string' }, context: { type: 'string' } },
    run: async (ctx) => {
      const file = ctx.values['kubeconfig'] as string | undefined
      const context = ctx.values['context'] as string | undefined
      if (ctx.values['kind'] === true && file !== undefined) {
        ctx.out.stderr('Give either --kind or --kubeconfig, not both.')
        return EXIT.usage
      }
      if (file !== undefined && context === undefined) {
        const r = await ctx.core.dispatcher.call('target.contexts', { path: file })
        if (!r.ok) return fail(ctx.out, ctx.json, r.error)
        const contexts = r.value as KubeContextInfo[]
        ctx.out.stdout(
          ctx.json
            ? JSON.stringify(contexts, null, 2)
            : ['Contexts (pick one with --context):', ...contexts.map((c) => `  ${c.name}  ${c.server}`)].join('\n')
        )
        return EXIT.ok
      }
      const r =
        file !== undefined && context !== undefined
          ? await ctx.core.dispatcher.call('target.set', { kind: 'kubeconfig', path: file, context })
          : ctx.values['kind'] === true
            ? await ctx.core.dispatcher.call('target.set', { kind: 'kind' })
            : await ctx.core.dispatcher.call('cluster.status', {})
      if (!r.ok) return fail(ctx.out, ctx.json, r.error)
      const s = r.value as ClusterStatus
      ctx.out.stdout(ctx.json ? JSON.stringify(s, null, 2) : formatStatus(s))
      return EXIT.ok
    }
  },
  'export-kubeconfig': {
    summary: "Merge the cluster's context into your kubeconfig (~/.kube/config)",
    usage: 'l8dev export-kubeconfig [--json]',
    options: {},
    run: async (ctx) => {
      const r = await ctx.core.dispatcher.call('cluster.exportKubeconfig', {})
      if (!r.ok) return fail(ctx.out, ctx.json, r.error)
      const v = r.value as { path: string; context: string }
      ctx.out.stdout(ctx.json ? JSON.stringify(v) : `Context ${v.context} written to ${v.path}`)
      return EXIT.ok
    }
  }
}
