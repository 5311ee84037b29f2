import { copyFile, readFile, stat } from 'node:fs/promises'
import path from 'node:path'

import { parse, stringify } from 'yaml'

import { AppError } from '../app-error.ts'
import type { HostEnv } from '../process/search-path.ts'
import { writeFileAtomic } from '../settings.ts'

/** The file kubectl writes to: the first entry of KUBECONFIG, else ~/.kube/config. */
export function userKubeconfigPath(host: HostEnv): string {
  const sep = host.platform === 'win32' ? ';' : ':'
  const first = (host.env['KUBECONFIG'] ?? '').split(sep).find((p) => p.length > 0)
  return first ?? path.join(host.homedir, '.kube', 'config')
}

type Named = { name?: unknown }
type KubeconfigDoc = Record<string, unknown> & { clusters?: Named[]; users?: Named[]; contexts?: Named[] }
const LISTS = ['clusters', 'users', 'contexts'] as const

function asKubeconfig(text: string, where: string): KubeconfigDoc {
  let doc: unknown
  try {
    doc = parse(text)
  } catch (err) {
    throw new AppError('KUBECONFIG_INVALID', `${where} is not valid YAML: ${(err as Error).message}`, {
      hint: 'Fix or move that file, then export again; it was not changed.'
    })
  }
  if (doc === null || doc === undefined) return {}
  const ok =
    typeof doc === 'object' &&
    !Array.isArray(doc) &&
    LISTS.every(
      (k) =>
        (doc as KubeconfigDoc)[k] === undefined ||
        (doc as KubeconfigDoc)[k] === null ||
        Array.isArray((doc as KubeconfigDoc)[k])
    )
  if (!ok) {
    throw new AppError('KUBECONFIG_INVALID', `${where} is not a kubeconfig.`, {
      hint: 'Fix or move that file, then export again; it was not changed.'
    })
  }
  return doc as KubeconfigDoc
}

/**
 * Merges the cluster's entries into the user's kubeconfig at the YAML level: entries of the
 * same names are replaced, everything else (other contexts, preferences, extensions, token
 * files) stays exactly as it was. The first backup of the original is kept, never overwritten.
 */
export async function exportToUserKubeconfig(ours: string, host: HostEnv): Promise<{ path: string; context: string }> {
  const source = asKubeconfig(ours, 'The cluster kubeconfig')
  const context = typeof source['current-context'] === 'string' ? source['current-context'] : ''
  const target = userKubeconfigPath(host)
  const existing = await readFile(target, 'utf8').catch(() => undefined)
  const merged: KubeconfigDoc =
    existing === undefined || existing.trim() === ''
      ? { apiVersion: 'v1', kind: 'Config', preferences: {} }
      : asKubeconfig(existing, target)
  for (const key of LISTS) {
    const incoming = source[key] ?? []
    const names = new Set(incoming.map((e) => e.name))
    merged[key] = [...(merged[key] ?? []).filter((e) => !names.has(e.name)), ...incoming]
  }
  if (typeof merged['current-context'] !== 'string' || merged['current-context'] === '')
    merged['current-context'] = context
  if (existing !== undefined) {
    const backup = `${target}.layer8-backup`
    if (
      !(await stat(backup).then(
        () => true,
        () => false
      ))
    )
      await copyFile(target, backup)
  }
  await writeFileAtomic(target, stringify(merged))
  return { path: target, context }
}
