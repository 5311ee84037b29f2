import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import type { DoctorReport } from '../../electron/contract/models.ts'
import { COMMANDS } from '../../electron/cli/main.ts'
import { fixture, replay, writeStub } from '../fakes/stub-bin.ts'

const L8DEV = path.join(import.meta.dirname, '../../bin/l8dev.js')

interface Ran {
  code: number
  stdout: string
  stderr: string
}

function l8dev(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'l8-cli-'))
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [L8DEV, ...args],
      { env: { ...process.env, L8_DATA_DIR: dataDir, ...env } },
      (err, stdout, stderr) => {
        resolve({ code: err === null ? 0 : ((err as { code?: number }).code ?? 1), stdout, stderr })
      }
    )
  })
}

function engineDownPath(): string {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'l8-clibin-'))
  writeStub(bin, 'docker', [
    replay(['--version'], fixture('docker/version.json')),
    replay(['info'], fixture('docker/info-no-engine.json'))
  ])
  writeStub(bin, 'kind', [{ args: ['version'], stdout: 'kind v0.33.0 go1.26.8 linux/amd64\n' }])
  return `${bin}:${path.dirname(process.execPath)}`
}

describe('l8dev', () => {
  it('doctor --json prints the findings as JSON and exits 1 when a check fails', async () => {
    const r = await l8dev(['doctor', '--json'], { PATH: engineDownPath() })
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout) as DoctorReport
    expect(report.overall).toBe('fail')
    expect(report.findings.find((f) => f.id === 'docker.engine')?.status).toBe('fail')
  })

  it('doctor prints human findings with next steps', async () => {
    const r = await l8dev(['doctor'], { PATH: engineDownPath() })
    expect(r.stdout).toMatch(/✗ Docker engine: The Docker engine is not running/)
    expect(r.stdout).toMatch(/→ Start the engine/)
  })

  it('has --help for every command', async () => {
    for (const name of Object.keys(COMMANDS)) {
      const r = await l8dev([name, '--help'])
      expect(r.code, name).toBe(0)
      expect(r.stdout, name).toContain(`Usage: l8dev ${name}`)
    }
    const top = await l8dev(['--help'])
    expect(top.code).toBe(0)
    for (const name of Object.keys(COMMANDS)) expect(top.stdout).toContain(`  ${name}`)
  })

  it('exits 2 with the usage for unknown commands and options', async () => {
    expect((await l8dev(['launch'])).code).toBe(2)
    const r = await l8dev(['doctor', '--verbose'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Usage: l8dev doctor')
  })

  it('refuses down without --yes and bad --port values, creating nothing', async () => {
    const down = await l8dev(['down'])
    expect(down.code).toBe(2)
    expect(down.stderr).toContain('--yes')
    const up = await l8dev(['up', '--port', '5432=99999', '--json'], { PATH: engineDownPath() })
    expect(up.code).toBe(1)
    expect(JSON.parse(up.stdout)).toMatchObject({
      error: { code: 'INVALID_CONFIG', message: 'Port 99999 is out of range.' }
    })
    const malformed = await l8dev(['up', '--port', '5432:15432'])
    expect(malformed.code).toBe(1)
    expect(malformed.stderr).toContain('HOST=NEW')
  })

  it('status says Docker is not running, with the next step', async () => {
    const bin = mkdtempSync(path.join(os.tmpdir(), 'l8-clibin-'))
    const recorded = fixture('docker/info-no-engine.json')
    writeStub(bin, 'docker', [{ args: ['ps'], stderr: recorded.stderr, code: 1 }])
    writeStub(bin, 'kind', [])
    const r = await l8dev(['status', '--json'], { PATH: `${bin}:${path.dirname(process.execPath)}` })
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout)).toMatchObject({ exists: false, problem: { code: 'DOCKER_UNAVAILABLE' } })
    expect((JSON.parse(r.stdout) as { ports: unknown[] }).ports).toHaveLength(9)
  })
})
