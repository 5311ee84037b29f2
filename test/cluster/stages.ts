import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { parseAllDocuments, stringify } from 'yaml'

import { KWOK_VERSION } from './versions.ts'

type Expr = { key: string; operator: string; values?: string[] }
type Stage = {
  metadata: { name: string }
  spec: {
    selector: { matchExpressions: Expr[] }
    delay?: { durationMilliseconds?: number; jitterDurationMilliseconds?: number }
    next: { statusTemplate?: string }
  }
}

export function kwokModuleDir(): string {
  const cache = execFileSync('go', ['env', 'GOMODCACHE'], {
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local' }
  }).trim()
  const dir = path.join(cache, `sigs.k8s.io/kwok@v${KWOK_VERSION}`)
  if (!existsSync(dir)) throw new Error(`kwok's module source is missing at ${dir}: run "npm run cluster:build" first.`)
  return dir
}

const read = (file: string): string => readFileSync(file, 'utf8')

/** Native sidecars (init containers with restartPolicy Always) keep running; others complete. */
const SIDECAR_AWARE_INIT_COMPLETED = `{{ $now := Now }}
{{ $root := . }}
conditions:
- lastProbeTime: null
  lastTransitionTime: {{ $now | Quote }}
  status: "True"
  reason: ""
  type: Initialized
initContainerStatuses:
{{ range $index, $item := .spec.initContainers }}
- image: {{ $item.image | Quote }}
  name: {{ $item.name | Quote }}
  restartCount: 0
{{ if eq ( or $item.restartPolicy "" ) "Always" }}
  ready: true
  started: true
  state:
    running:
      startedAt: {{ $now | Quote }}
{{ else }}
  ready: true
  started: false
  state:
    terminated:
      exitCode: 0
      finishedAt: {{ $now | Quote }}
      reason: Completed
      startedAt: {{ $now | Quote }}
{{ end }}
{{ end }}
containerStatuses:
{{ range .spec.containers }}
- image: {{ .image | Quote }}
  name: {{ .name | Quote }}
  ready: false
  restartCount: 0
  started: false
  state:
    waiting:
      reason: ContainerCreating
{{ end }}
`

/**
 * kwok's "general" pod stages, adjusted for tests: shorter default delays (a pod annotation
 * still sets a longer one), native sidecars kept running, and pods marked to fail image
 * pulls kept out of the normal start-up path. Node, metrics and the fault stages complete it.
 */
export function buildStages(ownDir: string): string {
  const k = path.join(kwokModuleDir(), 'kustomize')
  const general = [
    'pod-create',
    'pod-init-container-running',
    'pod-init-container-completed',
    'pod-ready',
    'pod-complete',
    'pod-delete'
  ]
  const docs: unknown[] = []
  for (const name of general) {
    const stage = parseAllDocuments(read(path.join(k, 'stage/pod/general', `${name}.yaml`)))[0]?.toJS() as Stage
    if (stage.spec.delay !== undefined) {
      // kwok picks a delay between the duration and the jitter bound, so a fixed jitter would
      // cap what a pod's delay annotation asks for: keep a short fixed delay and no jitter.
      stage.spec.delay.durationMilliseconds = 500
      delete stage.spec.delay.jitterDurationMilliseconds
    }
    if (name === 'pod-init-container-completed') {
      stage.spec.next.statusTemplate = SIDECAR_AWARE_INIT_COMPLETED
      // A sidecar still runs after this stage, which kwok's own selector takes for an init
      // container yet to finish: without this the stage and pod-ready both match, kwok picks
      // one at random, and a pod can stay Pending for good.
      stage.spec.selector.matchExpressions.push({
        key: '.status.conditions.[] | select( .type == "Initialized" ) | .status',
        operator: 'NotIn',
        values: ['True']
      })
    }
    if (name === 'pod-ready' || name === 'pod-init-container-running') {
      stage.spec.selector.matchExpressions.push({
        key: '.metadata.labels["testcluster.local/image-pull"]',
        operator: 'DoesNotExist'
      })
    }
    docs.push(stage)
  }
  for (const file of [
    'stage/node/fast/node-initialize.yaml',
    'stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml',
    'metrics/resource/metrics-resource.yaml',
    'metrics/usage/usage-from-annotation.yaml'
  ]) {
    for (const d of parseAllDocuments(read(path.join(k, file)))) {
      const v: unknown = d.toJS()
      if (v !== null) docs.push(v)
    }
  }
  for (const d of parseAllDocuments(read(path.join(ownDir, 'kwok/faults.yaml')))) docs.push(d.toJS())
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n')
}

export function kwokCrdFiles(): string[] {
  const base = path.join(kwokModuleDir(), 'kustomize/crd/bases')
  return ['logs', 'clusterlogs', 'portforwards', 'clusterportforwards'].map((n) =>
    path.join(base, `kwok.x-k8s.io_${n}.yaml`)
  )
}
