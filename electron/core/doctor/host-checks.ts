import type { Finding, PortStatus } from '../../contract/models.ts'
import { STACK_NEEDS } from '../stack/design.ts'
import type { DoctorContext } from './context.ts'

/** What kind's known-issues page asks for multi-node clusters. */
export const INOTIFY_WANTED = { maxUserWatches: 524288, maxUserInstances: 512 }

export function inotifyFinding(watches: number, instances: number): Finding {
  const low = watches < INOTIFY_WANTED.maxUserWatches || instances < INOTIFY_WANTED.maxUserInstances
  const summary = `max_user_watches ${watches}, max_user_instances ${instances}`
  if (!low) return { id: 'host.inotify', title: 'inotify limits', status: 'ok', summary }
  return {
    id: 'host.inotify',
    title: 'inotify limits',
    status: 'warn',
    summary: `${summary}: too low for a three-node kind cluster ("too many open files").`,
    nextStep: `sudo sysctl fs.inotify.max_user_watches=${INOTIFY_WANTED.maxUserWatches} fs.inotify.max_user_instances=${INOTIFY_WANTED.maxUserInstances} (add both to /etc/sysctl.conf to keep them).`,
    links: [
      {
        label: 'kind known issues',
        url: 'https://kind.sigs.k8s.io/docs/user/known-issues/#pod-errors-due-to-too-many-open-files'
      }
    ]
  }
}

export async function checkInotify(ctx: DoctorContext): Promise<Finding | undefined> {
  if (ctx.host.platform !== 'linux') return undefined
  const read = async (name: string): Promise<number> =>
    Number((await ctx.readTextFile(`/proc/sys/fs/inotify/${name}`)).trim())
  try {
    return inotifyFinding(await read('max_user_watches'), await read('max_user_instances'))
  } catch {
    return {
      id: 'host.inotify',
      title: 'inotify limits',
      status: 'warn',
      summary: 'Could not read /proc/sys/fs/inotify.'
    }
  }
}

const GB = 1e9

export function diskFinding(free: number, where: string): Finding {
  const summary = `${(free / GB).toFixed(1)} GB free at ${where}`
  if (free >= STACK_NEEDS.recommendedDiskBytes) return { id: 'host.disk', title: 'Free disk', status: 'ok', summary }
  return {
    id: 'host.disk',
    title: 'Free disk',
    status: free >= STACK_NEEDS.minimumDiskBytes ? 'warn' : 'fail',
    summary: `${summary}; node and Layer8 images need about ${(STACK_NEEDS.recommendedDiskBytes / 1024 ** 3).toFixed(0)} GiB.`,
    nextStep: 'Free some disk space (docker system prune removes unused images), then check again.'
  }
}

export async function checkDisk(ctx: DoctorContext, where: string): Promise<Finding> {
  try {
    return diskFinding(await ctx.freeBytes(where), where)
  } catch {
    return { id: 'host.disk', title: 'Free disk', status: 'warn', summary: `Could not read free space at ${where}.` }
  }
}

export function portFinding(p: PortStatus): Finding {
  const title = `Port ${p.port} (${p.purpose})`
  if (p.free) return { id: `port.${p.port}`, title, status: 'ok', summary: p.note ?? 'free' }
  const who =
    p.holder?.process !== undefined
      ? `${p.holder.process}${p.holder.pid !== undefined ? ` (pid ${p.holder.pid})` : ''}`
      : p.holder?.pid !== undefined
        ? `pid ${p.holder.pid}`
        : 'another process'
  return {
    id: `port.${p.port}`,
    title,
    status: 'warn',
    summary: `in use by ${who}.`,
    nextStep: `Stop ${who}, or remap it when creating the cluster (l8dev up --port ${p.port}=${p.port + 10000}).`
  }
}
