import { HttpMethod, RequestContext, type KubeConfig } from '@kubernetes/client-node'
import { fetch } from 'undici'

import { AppError } from '../app-error.ts'
import { kubeMessage } from './apply.ts'

export interface LogRequest {
  namespace: string
  pod: string
  container: string
  follow?: boolean
  tailLines?: number
  sinceSeconds?: number
  previous?: boolean
  timestamps?: boolean
}

/**
 * Streams a container's log until the server ends it or `signal` aborts. client-node's Log
 * pipes a web stream without an error handler, so aborting it crashes the process; this
 * owns the stream end to end, and returns the server's own message on refusal.
 */
export async function streamLogs(
  kc: KubeConfig,
  req: LogRequest,
  onText: (text: string) => void,
  signal: AbortSignal
): Promise<void> {
  const cluster = kc.getCurrentCluster()
  if (cluster === null) throw new AppError('KUBECONFIG_INVALID', 'The kubeconfig has no current cluster.')
  const url = new URL(
    `${cluster.server}/api/v1/namespaces/${encodeURIComponent(req.namespace)}/pods/${encodeURIComponent(req.pod)}/log`
  )
  url.searchParams.set('container', req.container)
  if (req.follow === true) url.searchParams.set('follow', 'true')
  if (req.previous === true) url.searchParams.set('previous', 'true')
  if (req.timestamps === true) url.searchParams.set('timestamps', 'true')
  if (req.tailLines !== undefined) url.searchParams.set('tailLines', String(req.tailLines))
  if (req.sinceSeconds !== undefined) url.searchParams.set('sinceSeconds', String(req.sinceSeconds))
  const ctx = new RequestContext(url.toString(), HttpMethod.GET)
  await kc.applySecurityAuthentication(ctx)
  let response: Awaited<ReturnType<typeof fetch>>
  try {
    // The undici package's own fetch: the cluster's TLS settings live in its dispatcher,
    // which Node's built-in fetch (a different undici) cannot use.
    response = await fetch(url, {
      headers: ctx.getHeaders(),
      signal,
      dispatcher: ctx.getDispatcher()
    })
  } catch (err) {
    if (signal.aborted) return
    throw new AppError('KUBE_API', `Cannot reach the API server for logs: ${kubeMessage(err)}`)
  }
  if (!response.ok) {
    const body = await response.text().catch(() => '')
    let message = body
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? body
    } catch {
      // plain text body
    }
    throw new AppError(
      'KUBE_API',
      `Logs of ${req.namespace}/${req.pod}/${req.container}: ${message} (HTTP ${response.status})`
    )
  }
  if (response.body === null) return
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      onText(decoder.decode(value, { stream: true }))
    }
  } catch (err) {
    if (!signal.aborted) throw new AppError('KUBE_API', `Log stream broke: ${kubeMessage(err)}`)
  } finally {
    reader.releaseLock()
  }
}
