import { rm } from 'node:fs/promises'
import path from 'node:path'

import type { CreateClusterParams } from '../../contract/commands.ts'
import { ADDONS } from '../addons/addons.ts'
import { AppError } from '../app-error.ts'
import { applyRemaps, buildKindConfig, kindConfigYaml } from '../kind/kind-config.ts'
import { checkPorts } from '../ports/check-ports.ts'
import { compareVersions, KIND_MINIMUM, KIND_TESTED } from '../doctor/kind-check.ts'
import { writeFileAtomic } from '../settings.ts'
import { STACK_IMAGES } from '../stack/images.ts'
import type { ClusterEnv } from './cluster-env.ts'
import { controlPlaneFirst } from './node-order.ts'
import { parseKindProgress } from './kind-progress.ts'
import { prepullImages } from './prepull.ts'
import { assertStartPortsFree } from './start-ports.ts'
import { ensureRegistryMirror } from './registry-mirror.ts'

/**
 * Checks everything the user gave before anything exists (names, ports, Docker), then runs
 * the create as a task: kind, the registry mirror, readiness, add-ons and image pre-pull.
 * An existing cluster of the same name is adopted rather than re-created.
 */
export async function createCluster(env: ClusterEnv, params: CreateClusterParams): Promise<{ taskId: string }> {
  const { deps, settings, kubeconfigPath } = env
  const current = await settings.read()
  const name = params.name ?? current.cluster.name
  const workers = params.workers ?? current.cluster.workers
  const remaps = params.remaps ?? current.cluster.remaps
  const listenAll = params.listenAll ?? current.cluster.listenAll
  const nodeImage = params.nodeImage ?? current.cluster.nodeImage
  // Everything the user typed is checked before anything exists.
  const ports = applyRemaps(remaps)
  const options = {
    name,
    workers,
    ports,
    listenAddress: listenAll ? ('0.0.0.0' as const) : ('127.0.0.1' as const),
    registryConfigPath: true,
    ...(nodeImage === undefined ? {} : { nodeImage })
  }
  let config = buildKindConfig(options)
  const { cli } = await env.kindTarget('Creating a cluster')
  env.assertIdle()
  const version = await cli.version()
  if (version !== undefined && compareVersions(version, KIND_MINIMUM) < 0) {
    throw new AppError(
      'KIND_TOO_OLD',
      `kind ${version} is older than ${KIND_MINIMUM}, the oldest that supports this cluster.`,
      {
        hint: `Upgrade kind to v${KIND_TESTED} (brew upgrade kind, or go install sigs.k8s.io/kind@v${KIND_TESTED}).`
      }
    )
  }
  const existing = (await cli.clusters()).includes(name)
  if (existing) {
    // Adopting starts a stopped cluster, on the host ports it was created with.
    await assertStartPortsFree(cli, name, await cli.nodeContainers(name), {
      platform: deps.host.platform,
      run: deps.run
    })
  } else {
    if ((await cli.cgroupVersion()) === '1') config = buildKindConfig({ ...options, cgroupV1: true })
    const taken = (
      await checkPorts(
        ports.map((p) => p.hostPort),
        { platform: deps.host.platform, run: deps.run }
      )
    ).filter((p) => !p.free)
    const first = taken[0]
    if (first !== undefined) {
      const who =
        first.holder?.process ?? (first.holder?.pid !== undefined ? `pid ${first.holder.pid}` : 'another process')
      const mapping = ports.find((p) => p.hostPort === first.port)
      const purpose = mapping?.purpose ?? first.purpose
      const design = mapping?.designHostPort ?? first.port
      const suggestion = design + 10000 <= 65535 ? design + 10000 : design - 1000
      throw new AppError('PORT_IN_USE', `Host port ${first.port} (${purpose}) is in use by ${who}.`, {
        hint: `Stop ${who}, or use another host port for it (l8dev up --port ${design}=${suggestion}, or the port table).`,
        details: { ports: taken }
      })
    }
  }
  await settings.update((s) => ({
    ...s,
    target: { kind: 'kind' },
    cluster: { name, workers, remaps, listenAll, ...(nodeImage === undefined ? {} : { nodeImage }) }
  }))
  const kubeconfig = kubeconfigPath(name)
  let created = false
  const task = deps.tasks.start(
    'cluster.create',
    existing ? `Adopt cluster ${name}` : `Create cluster ${name}`,
    [
      ...(existing
        ? [{ id: 'adopt', title: 'Existing cluster adopted' }]
        : [
            { id: 'node-image', title: 'Node image' },
            { id: 'nodes', title: 'Node containers' },
            { id: 'control-plane', title: 'Control plane' },
            ...(workers > 0 ? [{ id: 'workers', title: 'Workers joined' }] : []),
            { id: 'mirror', title: 'Registry mirror' }
          ]),
      { id: 'api', title: 'API server reachable' },
      { id: 'nodes-ready', title: 'All nodes Ready' },
      ...ADDONS.map((a) => ({ id: a.id, title: `${a.title} installed and Ready` })),
      { id: 'images', title: 'Layer8 images pre-pulled' }
    ],
    async (ctx) => {
      let nodeCount = workers + 1
      if (existing) {
        nodeCount = await ctx.step('adopt', 'Existing cluster adopted', async () => {
          ctx.log(`cluster ${name} already exists: adopting it`)
          const nodes = await cli.nodeContainers(name)
          const stopped = controlPlaneFirst(nodes.filter((n) => !n.running))
          if (stopped.length > 0) {
            ctx.log(`starting ${stopped.length} stopped node container(s)`)
            await cli.docker('Starting node containers', ['start', ...stopped.map((n) => n.name)], ctx.log, ctx.signal)
          }
          await writeFileAtomic(kubeconfig, await cli.kubeconfig(name))
          return nodes.length
        })
      } else {
        const configPath = path.join(deps.dataDir, 'kind', `${name}.yaml`)
        await writeFileAtomic(configPath, kindConfigYaml(config))
        ctx.log(`kind config written to ${configPath}`)
        created = true
        await cli.create(
          name,
          configPath,
          kubeconfig,
          (line) => {
            ctx.log(line)
            const p = parseKindProgress(line)
            if (p !== undefined) ctx.mark(p.id, p.title, p.state)
          },
          ctx.signal
        )
        const mirrored = await ctx.step('mirror', 'Registry mirror', () =>
          ensureRegistryMirror(cli, name, ctx.log, ctx.signal)
        )
        if (!mirrored) ctx.warn('mirror', 'Registry mirror')
      }
      // Runs beside the API wait and the add-ons; awaited last, so its time mostly hides.
      // It is this task's child: if the rest fails, the pulls stop before the task ends.
      const pulls = new AbortController()
      const stopPulls = (): void => pulls.abort()
      ctx.signal.addEventListener('abort', stopPulls, { once: true })
      const images = ctx.step('images', 'Layer8 images pre-pulled', async () => {
        const r = await prepullImages(cli, name, STACK_IMAGES, ctx.log, pulls.signal)
        ctx.log(`pre-pull: ${r.pulled} pulled, ${r.failed} failed`)
        return r
      })
      images.catch(() => undefined)
      try {
        const kc = await env.readyCluster(ctx, name, nodeCount)
        await env.installAddons(ctx, kc)
      } catch (err) {
        pulls.abort()
        await images.catch(() => undefined)
        throw err
      } finally {
        ctx.signal.removeEventListener('abort', stopPulls)
      }
      // Not fatal: the deploy pulls what is missing. The step says it did not all work.
      if ((await images).failed > 0) ctx.warn('images', 'Layer8 images pre-pulled')
    },
    async (error, log) => {
      const logFile = path.join(deps.dataDir, 'logs', `create-${name}-${Date.now()}.log`)
      await writeFileAtomic(logFile, log.join('\n') + '\n', 0o644)
      if (error.code === 'CANCELLED' && created) {
        // A cancelled create leaves nothing behind.
        await cli.remove(name, kubeconfig).catch(() => undefined)
        await rm(kubeconfig, { force: true })
        return {}
      }
      return { offers: created ? ['deleteAndRetry'] : ['retry'] }
    }
  )
  return { taskId: task.id }
}
