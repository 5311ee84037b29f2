import { execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { BIN, CLUSTER_DIR } from '../cluster/cluster.ts'
import { kubeconfigYaml } from '../cluster/kubeconfig.ts'
import { makePki } from '../cluster/pki.ts'
import { buildStages } from '../cluster/stages.ts'
import { K8S_VERSION, KIND_VERSION } from '../cluster/versions.ts'

/**
 * A kind node image built here, with no registry: kind's real code creates the containers,
 * writes the kubeadm config and applies its patches, and this image's kubeadm runs the
 * control plane from the test cluster's binaries, with kwok as every node's kubelet. It
 * stands in for kindest/node, which this machine cannot pull; the containers, networks and
 * port bindings are Docker's own.
 */
const FILES = path.join(import.meta.dirname, 'files')
const SERVER_BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'kwok']
/** kind's bootstrap token (pkg/cluster/internal/kubeadm/const.go); `kubeadm join` presents it. */
const KIND_TOKEN = 'abcdef.0123456789abcdef'
const REPO = 'l8test/kind-node'

/** Why the Docker engine cannot be used, or undefined when it answers. */
export function dockerEngineProblem(): string | undefined {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: ['ignore', 'pipe', 'pipe'] })
    return undefined
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim() ?? String(err)
    return `the Docker engine does not answer (${stderr.split('\n')[0] ?? ''}). Start it (on Linux: bash test/kind-node/start-engine.sh, which .ci/run also uses).`
  }
}

function busybox(): string {
  for (const p of ['/bin/busybox', '/usr/bin/busybox']) if (existsSync(p)) return p
  throw new Error('busybox is missing: apt-get install busybox-static (.ci/run does).')
}

function kindModuleDir(): string {
  const cache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim()
  const dir = path.join(cache, `sigs.k8s.io/kind@v${KIND_VERSION}`)
  if (!existsSync(dir)) throw new Error(`kind's module source is missing at ${dir}: run "npm run cluster:build".`)
  return dir
}

/** The tag names what went in, so an image is rebuilt exactly when an input changed. */
function imageTag(bb: string): string {
  const h = createHash('sha256')
  for (const f of readdirSync(FILES).sort()) h.update(f).update(readFileSync(path.join(FILES, f)))
  for (const b of SERVER_BINARIES) h.update(b).update(readFileSync(path.join(BIN, `${b}.version`)))
  h.update(execFileSync(bb, ['--help'], { encoding: 'utf8' }).split('\n')[0] ?? '')
  h.update(readFileSync(path.join(CLUSTER_DIR, 'stages.ts')))
  return `${REPO}:v${K8S_VERSION}-${h.digest('hex').slice(0, 12)}`
}

function put(root: string, rel: string, content: string | Buffer, mode = 0o644): void {
  const file = path.join(root, rel)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, content)
  chmodSync(file, mode)
}

function rootfs(root: string, bb: string): void {
  for (const dir of ['tmp', 'run', 'var', 'proc', 'sys', 'dev', 'etc/kubernetes', 'lib/modules', 'usr/local/bin'])
    mkdirSync(path.join(root, dir), { recursive: true })
  put(root, 'bin/busybox', readFileSync(bb), 0o755)
  for (const applet of execFileSync(bb, ['--list'], { encoding: 'utf8' }).split('\n')) {
    if (applet !== '' && applet !== 'busybox') symlinkSync('busybox', path.join(root, 'bin', applet))
  }
  const script = (from: string, to: string): void => put(root, to, readFileSync(path.join(FILES, from)), 0o755)
  script('init', 'sbin/init')
  script('entrypoint', 'usr/local/bin/entrypoint')
  script('bash', 'usr/bin/bash')
  script('pgrep', 'usr/bin/pgrep')
  script('kubeadm', 'usr/bin/kubeadm')
  script('kubeadm-conf', 'kind/bin/kubeadm-conf')
  script('control-plane', 'kind/bin/control-plane')
  for (const m of ['default-cni.yaml', 'default-storage.yaml'])
    put(root, `kind/manifests/${m}`, readFileSync(path.join(FILES, m)))
  put(root, 'kind/version', `v${K8S_VERSION}\n`)
  put(root, 'kind/kwok-stages.yaml', buildStages(CLUSTER_DIR))
  put(
    root,
    'etc/containerd/config.toml',
    readFileSync(path.join(kindModuleDir(), 'images/base/files/etc/containerd/config.toml'))
  )
  for (const b of SERVER_BINARIES) {
    const to = path.join(root, 'usr/local/bin', b)
    try {
      linkSync(path.join(BIN, b), to)
    } catch {
      copyFileSync(path.join(BIN, b), to)
    }
  }
  // One PKI per image build. The apiserver certificate names 127.0.0.1, which is how kind's
  // kubeconfig reaches the control plane from the host.
  const pkiDir = path.join(root, 'etc/kubernetes/pki')
  mkdirSync(pkiDir, { recursive: true })
  const pki = makePki(pkiDir)
  appendFileSync(pki.tokensCsv, `${KIND_TOKEN},kubeadm-bootstrap,uid-bootstrap,"system:masters"\n`)
  put(
    root,
    'kind/admin.conf',
    kubeconfigYaml('https://127.0.0.1:6443', pki.caCrt, 'kubernetes-admin', { cert: pki.adminCrt, key: pki.adminKey }),
    0o600
  )
}

async function dockerImport(root: string, tag: string): Promise<void> {
  const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const imp = spawn(
    'docker',
    ['import', '--change', 'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]', '-', tag],
    { stdio: ['pipe', 'ignore', 'pipe'] }
  )
  tar.stdout.pipe(imp.stdin)
  let stderr = ''
  imp.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const code = await new Promise<number | null>((resolve) => imp.on('close', resolve))
  if (code !== 0) throw new Error(`docker import of ${tag} failed: ${stderr.trim()}`)
}

/** The test node image's tag, built first if this machine's Docker does not have it. */
export async function ensureNodeImage(log: (line: string) => void = () => undefined): Promise<string> {
  const bb = busybox()
  const tag = imageTag(bb)
  try {
    execFileSync('docker', ['image', 'inspect', tag], { stdio: 'ignore' })
    return tag
  } catch {
    // not built yet
  }
  const started = Date.now()
  const root = mkdtempSync(path.join(os.tmpdir(), 'l8-kind-node-'))
  try {
    rootfs(root, bb)
    await dockerImport(root, tag)
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
  log(`built ${tag} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return tag
}
