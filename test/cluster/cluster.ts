import { execFileSync, spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { kubeconfigYaml } from './kubeconfig.ts'
import { alive, freePort, httpOk, httpsOk, sleep, until } from './probes.ts'
import { clusterObjects } from './objects.ts'
import { makePki } from './pki.ts'
import { buildStages, kwokCrdFiles } from './stages.ts'

export const CLUSTER_DIR = path.dirname(fileURLToPath(import.meta.url))
export const BIN = path.join(CLUSTER_DIR, 'bin')

export interface ClusterInfo {
  stateDir: string
  /** Admin (system:masters) kubeconfig. */
  kubeconfig: string
  /** Read-only user (ClusterRole view) through a bearer token. */
  viewerKubeconfig: string
  server: string
  pids: Record<string, number>
  ports: Record<string, number>
  nodes: string[]
  startedMs: number
}

const BINARIES = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubectl',
  'kwok',
  'metrics-server'
]

import { NODE_NAMES } from './objects.ts'
export { NODE_NAMES }

export function missingBinaries(): string[] {
  return BINARIES.filter((b) => !existsSync(path.join(BIN, b)))
}

/**
 * Starts etcd, kube-apiserver, controller-manager, scheduler, kwok (three simulated nodes)
 * and metrics-server on 127.0.0.1, each on a free port, and records what it started.
 */
export interface StartOptions {
  /**
   * Run metrics-server as a process behind the metrics.k8s.io APIService. Off for suites that
   * install the real metrics-server manifest, whose objects would collide with these.
   */
  metrics?: boolean
}

export async function startCluster(stateDir: string, options: StartOptions = {}): Promise<ClusterInfo> {
  const withMetrics = options.metrics ?? true
  const t0 = Date.now()
  const missing = missingBinaries()
  if (missing.length > 0) {
    throw new Error(
      `test cluster: ${missing.join(', ')} not built in ${BIN}. Run "npm run cluster:build" (needs Go 1.26+).`
    )
  }
  // A cluster still running from this state dir is stopped first, never orphaned.
  await stopCluster(stateDir)
  rmSync(stateDir, { recursive: true, force: true })
  const pkiDir = path.join(stateDir, 'pki')
  const logDir = path.join(stateDir, 'logs')
  mkdirSync(pkiDir, { recursive: true })
  mkdirSync(logDir, { recursive: true })
  const pki = makePki(pkiDir)
  const ports = {
    etcd: await freePort(),
    etcdPeer: await freePort(),
    apiserver: await freePort(),
    kcm: await freePort(),
    scheduler: await freePort(),
    kwok: await freePort(),
    metrics: await freePort()
  }
  const server = `https://127.0.0.1:${ports.apiserver}`
  const admin = path.join(stateDir, 'kubeconfig')
  const viewer = path.join(stateDir, 'viewer.kubeconfig')
  writeFileSync(admin, kubeconfigYaml(server, pki.caCrt, 'admin', { cert: pki.adminCrt, key: pki.adminKey }), {
    mode: 0o600
  })
  writeFileSync(viewer, kubeconfigYaml(server, pki.caCrt, 'viewer', { token: pki.viewerToken }), { mode: 0o600 })
  const pids: Record<string, number> = {}
  const info: ClusterInfo = {
    stateDir,
    kubeconfig: admin,
    viewerKubeconfig: viewer,
    server,
    pids,
    ports,
    nodes: NODE_NAMES,
    startedMs: 0
  }
  const save = (): void => writeFileSync(path.join(stateDir, 'cluster.json'), JSON.stringify(info, null, 2))

  const start = (name: string, args: string[]): string => {
    const log = path.join(logDir, `${name}.log`)
    const fd = openSync(log, 'a')
    // Own process group, so stopping kills exactly what was started here and nothing else.
    const child = spawn(path.join(BIN, name), args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, KWOK_WORKDIR: path.join(stateDir, 'kwok-home') }
    })
    child.unref()
    // The child has its own copy of the descriptor.
    closeSync(fd)
    if (child.pid === undefined) throw new Error(`test cluster: could not start ${name}`)
    pids[name] = child.pid
    save()
    return log
  }
  const kubectl = (...args: string[]): string =>
    execFileSync(path.join(BIN, 'kubectl'), ['--kubeconfig', admin, ...args], { encoding: 'utf8' })

  try {
    const etcdLog = start('etcd', [
      '--name=testcluster',
      `--data-dir=${path.join(stateDir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${ports.etcd}`,
      `--advertise-client-urls=http://127.0.0.1:${ports.etcd}`,
      `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
      `--initial-cluster=testcluster=http://127.0.0.1:${ports.etcdPeer}`,
      '--unsafe-no-fsync',
      '--quota-backend-bytes=2147483648',
      '--log-level=warn'
    ])
    await until('etcd', 30_000, () => httpOk(`http://127.0.0.1:${ports.etcd}/health`), etcdLog, pids['etcd'])

    const apiLog = start('kube-apiserver', [
      `--etcd-servers=http://127.0.0.1:${ports.etcd}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${ports.apiserver}`,
      '--advertise-address=127.0.0.1',
      '--endpoint-reconciler-type=none',
      `--tls-cert-file=${pki.servingCrt}`,
      `--tls-private-key-file=${pki.servingKey}`,
      `--cert-dir=${path.join(stateDir, 'pki-auto')}`,
      `--client-ca-file=${pki.caCrt}`,
      `--token-auth-file=${pki.tokensCsv}`,
      '--authorization-mode=Node,RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`,
      '--service-cluster-ip-range=10.96.0.0/16',
      '--allow-privileged=true',
      '--kubelet-preferred-address-types=Hostname,InternalIP',
      `--proxy-client-cert-file=${pki.adminCrt}`,
      `--proxy-client-key-file=${pki.adminKey}`,
      `--requestheader-client-ca-file=${pki.caCrt}`,
      '--requestheader-allowed-names=testcluster-admin',
      '--requestheader-username-headers=X-Remote-User',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-'
    ])
    await until(
      'kube-apiserver /readyz',
      90_000,
      () => httpsOk(`${server}/readyz`, pki.caCrt, pki.adminCrt, pki.adminKey),
      apiLog,
      pids['kube-apiserver']
    )

    kubectl('apply', '--server-side', ...kwokCrdFiles().flatMap((f) => ['-f', f]))
    const objectsFile = path.join(stateDir, 'cluster-objects.yaml')
    writeFileSync(objectsFile, clusterObjects(withMetrics ? ports.metrics : undefined))
    kubectl('apply', '--server-side', '-f', objectsFile)
    kubectl('create', 'clusterrolebinding', 'viewer-view', '--clusterrole=view', '--user=viewer')
    kubectl(
      'wait',
      '--for=condition=Established',
      'crd/logs.kwok.x-k8s.io',
      'crd/portforwards.kwok.x-k8s.io',
      '--timeout=30s'
    )

    const kubeArgs = [
      `--kubeconfig=${admin}`,
      `--authentication-kubeconfig=${admin}`,
      `--authorization-kubeconfig=${admin}`,
      '--bind-address=127.0.0.1',
      '--leader-elect=false'
    ]
    start('kube-controller-manager', [
      ...kubeArgs,
      `--secure-port=${ports.kcm}`,
      '--controllers=*',
      `--service-account-private-key-file=${pki.saKey}`,
      `--root-ca-file=${pki.caCrt}`,
      '--use-service-account-credentials=false',
      '--enable-hostpath-provisioner=true',
      '--horizontal-pod-autoscaler-sync-period=5s',
      '--node-monitor-grace-period=3m20s'
    ])
    start('kube-scheduler', [...kubeArgs, `--secure-port=${ports.scheduler}`])
    const stagesFile = path.join(stateDir, 'kwok-stages.yaml')
    writeFileSync(stagesFile, buildStages(CLUSTER_DIR))
    const kwokLog = start('kwok', [
      `--kubeconfig=${admin}`,
      `--config=${stagesFile}`,
      '--manage-all-nodes=true',
      '--node-name=localhost',
      '--node-ip=127.0.0.1',
      `--node-port=${ports.kwok}`,
      `--server-address=127.0.0.1:${ports.kwok}`,
      `--tls-cert-file=${pki.servingCrt}`,
      `--tls-private-key-file=${pki.servingKey}`,
      '--node-lease-duration-seconds=40',
      '--cidr=10.244.0.0/16',
      '--enable-crds=Logs,ClusterLogs,PortForward,ClusterPortForward'
    ])
    if (withMetrics)
      start('metrics-server', [
        `--kubeconfig=${admin}`,
        `--authentication-kubeconfig=${admin}`,
        `--authorization-kubeconfig=${admin}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.metrics}`,
        `--tls-cert-file=${pki.servingCrt}`,
        `--tls-private-key-file=${pki.servingKey}`,
        '--kubelet-preferred-address-types=InternalIP,Hostname',
        '--kubelet-use-node-status-port',
        '--kubelet-insecure-tls',
        '--metric-resolution=10s',
        '--kubelet-request-timeout=5s'
      ])
    await until(
      'three Ready nodes',
      60_000,
      () => {
        const out = kubectl(
          'get',
          'nodes',
          '-o',
          'jsonpath={range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}'
        )
        return Promise.resolve(out.split('\n').filter((l) => l === 'True').length === NODE_NAMES.length)
      },
      kwokLog,
      pids['kwok']
    )
    info.startedMs = Date.now() - t0
    save()
    return info
  } catch (err) {
    await stopCluster(stateDir)
    throw err
  }
}

/** Stops exactly the processes this state dir records, never anything found by name. */
export async function stopCluster(stateDir: string): Promise<string[]> {
  const file = path.join(stateDir, 'cluster.json')
  if (!existsSync(file)) return []
  const info = JSON.parse(readFileSync(file, 'utf8')) as ClusterInfo
  const stopped: string[] = []
  for (const [name, pid] of Object.entries(info.pids).reverse()) {
    try {
      process.kill(-pid, 'SIGTERM')
      stopped.push(name)
    } catch {
      // already gone
    }
  }
  // Polled with timers, not a blocking sleep, so this process can reap children it started.
  const deadline = Date.now() + 10_000
  for (const pid of Object.values(info.pids)) {
    while (Date.now() < deadline && alive(pid)) await sleep(100)
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // stopped in time
    }
  }
  rmSync(file)
  return stopped
}
