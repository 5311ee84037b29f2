import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import { describe, expect, it } from 'vitest'

import type { DoctorReport, Finding } from '../../electron/contract/models.ts'
import type { DoctorContext } from '../../electron/core/doctor/context.ts'
import { defaultDoctorContext, runDoctor } from '../../electron/core/doctor/doctor.ts'
import { runProcess } from '../../electron/core/process/run.ts'
import { fixture, replay, writeStub, type StubResponse } from '../fakes/stub-bin.ts'

const KIND_CURRENT: StubResponse = { args: ['version'], stdout: 'kind v0.33.0 go1.26.8 linux/amd64\n', code: 0 }
const KIND_OLD: StubResponse = { args: ['version'], stdout: 'kind v0.20.0 go1.20.4 linux/amd64\n', code: 0 }

function context(bin: string): DoctorContext {
  const ctx = defaultDoctorContext(runProcess)
  // Only the stubs' folder on PATH; a fresh home so nothing of this machine's user leaks in.
  return {
    ...ctx,
    host: { platform: 'linux', env: { PATH: bin }, homedir: mkdtempSync(path.join(os.tmpdir(), 'l8-home-')) }
  }
}

function stubs(docker: StubResponse[] | undefined, kind: StubResponse[] | undefined): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'l8-bin-'))
  if (docker !== undefined) writeStub(dir, 'docker', docker)
  if (kind !== undefined) writeStub(dir, 'kind', kind)
  return dir
}

const finding = (r: DoctorReport, id: string): Finding => {
  const f = r.findings.find((x) => x.id === id)
  if (f === undefined) throw new Error(`no finding ${id} in ${r.findings.map((x) => x.id).join(', ')}`)
  return f
}

const version = replay(['--version'], fixture('docker/version.json'))

describe('doctor against stub docker and kind executables', () => {
  it('passes docker and kind when the engine runs with enough resources', async () => {
    const bin = stubs([version, replay(['info'], fixture('docker/info-running-linux.json'))], [KIND_CURRENT])
    const r = await runDoctor(context(bin))
    expect(finding(r, 'docker.cli')).toMatchObject({ status: 'ok', summary: `28.2.2 at ${bin}/docker` })
    expect(finding(r, 'docker.engine').status).toBe('ok')
    expect(finding(r, 'docker.engine').summary).toContain('Engine 28.2.2 running')
    expect(finding(r, 'docker.memory')).toMatchObject({ status: 'ok', summary: '32.0 GiB' })
    expect(finding(r, 'docker.cpus')).toMatchObject({ status: 'ok', summary: '16 CPUs' })
    expect(finding(r, 'kind')).toMatchObject({ status: 'ok', summary: `kind 0.33.0 at ${bin}/kind` })
    for (const port of [80, 443, 3000, 5001, 5173, 5432, 6191, 6193, 8086])
      expect(r.findings.some((f) => f.id === `port.${port}`)).toBe(true)
  })

  it('warns about a cgroup v1 engine, recorded from a real one', async () => {
    const bin = stubs([version, replay(['info'], fixture('docker/info-engine-cgroup-v1.json'))], [KIND_CURRENT])
    const r = await runDoctor(context(bin))
    expect(finding(r, 'docker.engine')).toMatchObject({ status: 'ok' })
    expect(finding(r, 'docker.engine').summary).toContain('Engine 20.10.24+dfsg1 running')
    expect(finding(r, 'docker.cgroups')).toMatchObject({ status: 'warn' })
    expect(finding(r, 'docker.cgroups').nextStep).toContain('systemd.unified_cgroup_hierarchy=1')
  })

  it('says nothing about cgroups when the engine runs cgroup v2', async () => {
    const bin = stubs([version, replay(['info'], fixture('docker/info-running-desktop.json'))], [KIND_CURRENT])
    const r = await runDoctor(context(bin))
    expect(r.findings.some((f) => f.id === 'docker.cgroups')).toBe(false)
  })

  it('warns about memory and the arm64 engine on a small Docker Desktop', async () => {
    const bin = stubs([version, replay(['info'], fixture('docker/info-running-desktop.json'))], [KIND_CURRENT])
    const r = await runDoctor(context(bin))
    expect(finding(r, 'docker.memory').status).toBe('warn')
    expect(finding(r, 'docker.memory').nextStep).toContain('Settings > Resources > Memory')
    expect(finding(r, 'docker.engine').summary).toContain('amd64 first')
  })

  it('fails with how to start Docker when the engine is down (recorded from this machine)', async () => {
    const bin = stubs([version, replay(['info'], fixture('docker/info-no-engine.json'))], [KIND_CURRENT])
    const r = await runDoctor(context(bin))
    const engine = finding(r, 'docker.engine')
    expect(engine.status).toBe('fail')
    expect(engine.summary).toContain('not running')
    expect(engine.summary).toContain('Cannot connect to the Docker daemon')
    expect(engine.nextStep).toContain('systemctl start docker')
    expect(r.overall).toBe('fail')
  })

  it('fails an old kind with the version to upgrade to', async () => {
    const bin = stubs([version, replay(['info'], fixture('docker/info-running-linux.json'))], [KIND_OLD])
    const kind = finding(await runDoctor(context(bin)), 'kind')
    expect(kind.status).toBe('fail')
    expect(kind.summary).toContain('0.20.0')
    expect(kind.nextStep).toContain('v0.33.0')
  })

  it('fails a missing kind with where to get it', async () => {
    const bin = stubs([version, replay(['info'], fixture('docker/info-running-linux.json'))], undefined)
    const kind = finding(await runDoctor(context(bin)), 'kind')
    expect(kind.status).toBe('fail')
    expect(kind.summary).toBe('The kind command was not found.')
    expect(kind.links?.[0]?.url).toContain('kind.sigs.k8s.io')
  })

  it('finds kind in the folders a macOS GUI launch leaves off PATH', async () => {
    const bin = stubs([version, replay(['info'], fixture('docker/info-running-linux.json'))], undefined)
    const ctx = context(bin)
    const home = mkdtempSync(path.join(os.tmpdir(), 'l8-home-'))
    const goBin = path.join(home, 'go/bin')
    writeStub(goBin, 'kind', [KIND_CURRENT])
    // Finder starts apps with PATH=/usr/bin:/bin:/usr/sbin:/sbin.
    const r = await runDoctor({
      ...ctx,
      host: { platform: 'darwin', env: { PATH: `/usr/bin:/bin:${bin}` }, homedir: home }
    })
    expect(finding(r, 'kind')).toMatchObject({ status: 'ok', summary: `kind 0.33.0 at ${goBin}/kind` })
  })
})

describe('doctor on this machine', () => {
  it('reports the real docker CLI the same way the CLI itself answers', async () => {
    const r = await runDoctor(defaultDoctorContext(runProcess))
    const cli = finding(r, 'docker.cli')
    let engineUp: boolean
    try {
      await promisify(execFile)('docker', ['info', '--format', '{{.ServerVersion}}'])
      engineUp = true
    } catch {
      engineUp = false
    }
    if (cli.status === 'fail') {
      expect(cli.summary).toBe('The docker command was not found.')
    } else {
      // On the build machines there is a docker CLI and no engine.
      const engine = finding(r, 'docker.engine')
      expect(engine.status === 'fail').toBe(!engineUp)
      if (!engineUp) expect(engine.summary).toContain('not running')
    }
  })
})
