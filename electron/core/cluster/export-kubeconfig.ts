import { copyFile, readFile } from 'node:fs/promises'
import path from 'node:path'

import { KubeConfig } from '@kubernetes/client-node'
import { stringify } from 'yaml'

import { AppError } from '../app-error.ts'
import type { HostEnv } from '../process/search-path.ts'
import { writeFileAtomic } from '../settings.ts'

/** The file kubectl writes to: the first entry of KUBECONFIG, else ~/.kube/config. */
export function userKubeconfigPath(host: HostEnv): string {
  const sep = host.platform === 'win32' ? ';' : ':'
  const first = (host.env['KUBECONFIG'] ?? '').split(sep).find((p) => p.length > 0)
  return first ?? path.join(host.homedir, '.kube', 'config')
}

/**
 * Merges the cluster's context into the user's kubeconfig, replacing entries of the same
 * names and keeping a backup; every other context stays as it was.
 */
export async function exportToUserKubeconfig(ours: string, host: HostEnv): Promise<{ path: string; context: string }> {
  const source = new KubeConfig()
  source.loadFromString(ours)
  const context = source.getCurrentContext()
  const target = userKubeconfigPath(host)
  const existing = await readFile(target, 'utf8').catch(() => undefined)
  const merged = new KubeConfig()
  if (existing !== undefined && existing.trim() !== '') {
    try {
      merged.loadFromString(existing)
    } catch (err) {
      throw new AppError('KUBECONFIG_INVALID', `${target} is not a valid kubeconfig: ${(err as Error).message}`, {
        hint: 'Fix or move that file, then export again; it was not changed.'
      })
    }
    await copyFile(target, `${target}.layer8-backup`)
  }
  const names = new Set(source.getContexts().map((c) => c.name))
  const clusters = new Set(source.getClusters().map((c) => c.name))
  const users = new Set(source.getUsers().map((u) => u.name))
  merged.loadFromOptions({
    clusters: [...merged.getClusters().filter((c) => !clusters.has(c.name)), ...source.getClusters()],
    users: [...merged.getUsers().filter((u) => !users.has(u.name)), ...source.getUsers()],
    contexts: [...merged.getContexts().filter((c) => !names.has(c.name)), ...source.getContexts()],
    currentContext: existing === undefined ? context : merged.getCurrentContext() || context
  })
  await writeFileAtomic(target, stringify(JSON.parse(merged.exportConfig())))
  return { path: target, context }
}
