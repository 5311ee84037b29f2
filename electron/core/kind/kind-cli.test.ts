import { describe, expect, it } from 'vitest'

import type { RunResult } from '../process/run.ts'
import { classifyFailure, parsePortBindings } from './kind-cli.ts'

// Output recorded from the real tools on a Linux machine (docker 28.2.2 CLI, engine 20.10.24,
// kind v0.33.0).
const KIND_WITHOUT_DOCKER =
  'ERROR: failed to list clusters: command "docker ps -a --filter label=io.x-k8s.kind.cluster --format \'{{.Label "io.x-k8s.kind.cluster"}}\'" failed with error: exec: "docker": executable file not found in $PATH\n'
const EXEC_MISSING_IN_NODE =
  'OCI runtime exec failed: exec failed: unable to start container process: exec: "crictl": executable file not found in $PATH: unknown\n'
const ENGINE_DOWN =
  'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n'

const failed = (stderr: string, exitCode = 1): RunResult => ({ exitCode, stdout: '', stderr })

describe('classifyFailure', () => {
  it('says docker is missing only when kind could not run docker', () => {
    expect(classifyFailure('Listing clusters', failed(KIND_WITHOUT_DOCKER))).toMatchObject({
      code: 'DOCKER_NOT_FOUND',
      hint: expect.stringContaining('Install Docker') as unknown
    })
  })

  it('reports a command missing inside a node as that command failing, not as docker missing', () => {
    const e = classifyFailure('Pulling postgres:13 on node', failed(EXEC_MISSING_IN_NODE, 126))
    expect(e.code).toBe('COMMAND_FAILED')
    expect(e.message).toContain('"crictl": executable file not found')
    expect(e.message).toContain('exit code 126')
  })

  it('says the engine is down when the daemon does not answer', () => {
    expect(classifyFailure('Listing clusters', failed(ENGINE_DOWN))).toMatchObject({
      code: 'DOCKER_UNAVAILABLE',
      hint: expect.stringContaining('Start Docker') as unknown
    })
  })
})

describe('parsePortBindings', () => {
  // A stopped kind control plane, recorded (kind v0.33.0, engine 20.10.24).
  const RECORDED =
    '{"30000/tcp":[{"HostIp":"127.0.0.1","HostPort":"20008"}],"30432/tcp":[{"HostIp":"127.0.0.1","HostPort":"20003"}],"443/tcp":[{"HostIp":"127.0.0.1","HostPort":"20001"}],"6443/tcp":[{"HostIp":"127.0.0.1","HostPort":"35069"}],"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"20000"}]}\n'

  it('maps node ports to the host ports the container binds', () => {
    const m = parsePortBindings(RECORDED)
    expect([...m].sort((a, b) => a[0] - b[0])).toEqual([
      [80, 20000],
      [443, 20001],
      [6443, 35069],
      [30000, 20008],
      [30432, 20003]
    ])
  })

  it('reads a worker with no bindings, and skips UDP and random ports', () => {
    expect(parsePortBindings('{}\n').size).toBe(0)
    expect(parsePortBindings('null\n').size).toBe(0)
    const m = parsePortBindings('{"53/udp":[{"HostIp":"","HostPort":"5353"}],"8080/tcp":[{"HostIp":"","HostPort":""}]}')
    expect(m.size).toBe(0)
  })
})
