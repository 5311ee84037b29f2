import { KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node'
import { parseAllDocuments } from 'yaml'

import { AppError } from '../app-error.ts'

export const FIELD_MANAGER = 'layer8-desktop'

/** Multi-document YAML to objects; empty documents (comments only) are dropped. Pure. */
export function parseManifests(text: string): KubernetesObject[] {
  const docs = parseAllDocuments(text)
  const objects: KubernetesObject[] = []
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new AppError('INVALID_CONFIG', `Manifest does not parse: ${doc.errors[0]?.message ?? 'unknown error'}`)
    }
    const obj = doc.toJS() as KubernetesObject | null
    if (obj !== null && typeof obj === 'object') objects.push(obj)
  }
  return objects
}

export function describeObject(o: KubernetesObject): string {
  const ns = o.metadata?.namespace === undefined ? '' : `${o.metadata.namespace}/`
  return `${o.kind ?? '?'} ${ns}${o.metadata?.name ?? '?'}`
}

/** Server-side apply, object by object in the given order; stops at the first refusal. */
export async function applyObjects(
  kc: KubeConfig,
  objects: readonly KubernetesObject[],
  options: { signal?: AbortSignal; onApplied?: (what: string) => void } = {}
): Promise<void> {
  const client = KubernetesObjectApi.makeApiClient(kc)
  for (const obj of objects) {
    if (options.signal?.aborted === true) throw new AppError('CANCELLED', 'Cancelled while applying manifests.')
    try {
      await client.patch(obj, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply)
    } catch (err) {
      throw new AppError('KUBE_API', `Applying ${describeObject(obj)} failed: ${kubeMessage(err)}`, {
        hint: 'Check that the cluster is reachable and that your user may create this object.',
        cause: err
      })
    }
    options.onApplied?.(describeObject(obj))
  }
}

/** The Status message inside a client-node ApiException, when there is one. */
export function kubeMessage(err: unknown): string {
  const e = err as { code?: number; body?: unknown; message?: string }
  if (typeof e.body === 'string') {
    try {
      const status = JSON.parse(e.body) as { message?: string }
      if (typeof status.message === 'string') return `${status.message} (HTTP ${e.code ?? '?'})`
    } catch {
      // not JSON: fall through
    }
  }
  return e.message ?? String(err)
}
