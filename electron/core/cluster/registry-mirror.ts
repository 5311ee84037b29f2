import { toErrorData } from '../app-error.ts'
import type { KindCli } from '../kind/kind-cli.ts'

export const MIRROR_NAME = 'layer8-mirror-docker-io'
const MIRROR_PORT = 5000

/** containerd's per-registry config: ask the mirror first, fall back to Docker Hub. Pure. */
export function hostsToml(mirrorHost = MIRROR_NAME): string {
  return [
    'server = "https://registry-1.docker.io"',
    '',
    `[host."http://${mirrorHost}:${MIRROR_PORT}"]`,
    '  capabilities = ["pull", "resolve"]',
    ''
  ].join('\n')
}

/**
 * A pull-through cache of Docker Hub beside the cluster (kind's local-registry pattern), with
 * its data in a named volume: a second create pulls the Layer8 images from it instead of the
 * internet. Optional: on any failure the nodes simply pull directly, so it logs and says false.
 */
export async function ensureRegistryMirror(
  cli: KindCli,
  cluster: string,
  log: (line: string) => void,
  signal: AbortSignal
): Promise<boolean> {
  try {
    const state = await cli
      .docker('Inspecting the registry mirror', ['inspect', '-f', '{{.State.Running}}', MIRROR_NAME])
      .then((r) => r.stdout.trim())
      .catch(() => 'missing')
    if (state === 'missing') {
      log(`starting registry mirror ${MIRROR_NAME}`)
      await cli.docker(
        'Starting the registry mirror',
        [
          'run',
          '-d',
          '--restart=always',
          '--name',
          MIRROR_NAME,
          '-v',
          `${MIRROR_NAME}:/var/lib/registry`,
          '-e',
          'REGISTRY_PROXY_REMOTEURL=https://registry-1.docker.io',
          'registry:2'
        ],
        log,
        signal
      )
    } else if (state !== 'true') {
      await cli.docker('Starting the registry mirror', ['start', MIRROR_NAME], log, signal)
    }
    await cli
      .docker('Connecting the mirror to the kind network', ['network', 'connect', 'kind', MIRROR_NAME])
      .catch(() => {
        // already connected
      })
    for (const node of await cli.nodeContainers(cluster)) {
      await cli.docker(
        `Configuring ${node.name} to use the mirror`,
        [
          'exec',
          '-i',
          node.name,
          'sh',
          '-c',
          'mkdir -p /etc/containerd/certs.d/docker.io && cat > /etc/containerd/certs.d/docker.io/hosts.toml'
        ],
        undefined,
        signal,
        hostsToml()
      )
    }
    log(`nodes pull docker.io images through ${MIRROR_NAME}`)
    return true
  } catch (err) {
    const e = toErrorData(err)
    if (e.code === 'CANCELLED') throw err
    log(`registry mirror unavailable (${e.message}); nodes pull images directly`)
    return false
  }
}
