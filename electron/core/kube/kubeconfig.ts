import { readFile } from 'node:fs/promises'
import os from 'node:os'
import nodePath from 'node:path'

import { KubeConfig } from '@kubernetes/client-node'

import type { KubeContextInfo } from '../../contract/commands.ts'
import { AppError } from '../app-error.ts'

/** `~/x` and relative paths made absolute, so a saved target works from anywhere. */
export function resolveKubeconfigPath(file: string, home = os.homedir(), cwd = process.cwd()): string {
  if (file === '~' || file.startsWith('~/') || file.startsWith('~\\')) return nodePath.join(home, file.slice(1))
  return nodePath.resolve(cwd, file)
}

/** Loads a kubeconfig file and selects a context; a broken file is a clear error, never a crash. */
export async function loadKubeConfig(file: string, context?: string): Promise<KubeConfig> {
  const path = resolveKubeconfigPath(file)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new AppError('KUBECONFIG_INVALID', `Cannot read the kubeconfig ${path}: ${(err as Error).message}`, {
      hint: 'Check the path and that this user may read the file.'
    })
  }
  const kc = new KubeConfig()
  try {
    // Relative certificate paths inside the file resolve against the file's folder, as kubectl does.
    kc.loadFromString(text)
    kc.makePathsAbsolute(nodePath.dirname(path))
  } catch (err) {
    throw new AppError('KUBECONFIG_INVALID', `${path} is not a valid kubeconfig: ${(err as Error).message}`, {
      hint: 'Fix the file (kubectl config view --kubeconfig <file> shows what is wrong), or pick another one.'
    })
  }
  if (kc.getContexts().length === 0) {
    throw new AppError('KUBECONFIG_INVALID', `${path} has no contexts.`, {
      hint: 'Pick a kubeconfig with at least one context.'
    })
  }
  if (context !== undefined) {
    if (kc.getContextObject(context) === null) {
      throw new AppError('KUBECONFIG_INVALID', `${path} has no context "${context}".`, {
        hint: `Contexts in this file: ${kc
          .getContexts()
          .map((c) => c.name)
          .join(', ')}.`
      })
    }
    kc.setCurrentContext(context)
  }
  return kc
}

export function listContexts(kc: KubeConfig): KubeContextInfo[] {
  return kc.getContexts().map((c) => {
    const server = kc.getCluster(c.cluster)?.server ?? ''
    return { name: c.name, cluster: c.cluster, server, isKind: c.name.startsWith('kind-') }
  })
}
