import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { KubeConfig } from '@kubernetes/client-node'
import { stringify } from 'yaml'
import { describe, expect, it } from 'vitest'

import { type AppError } from '../app-error.ts'
import { exportToUserKubeconfig } from './export-kubeconfig.ts'

const config = (name: string, server: string, current = name): string =>
  stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server } }],
    users: [{ name, user: { token: `token-${name}` } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': current
  })

const host = (home: string, env: Record<string, string> = {}) => ({ platform: 'linux' as const, env, homedir: home })

describe('export to the user kubeconfig', () => {
  it("adds the kind context next to the user's own, keeping their current context and a backup", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'l8-home-'))
    const target = path.join(home, 'team.yaml')
    writeFileSync(target, config('team-prod', 'https://prod.example:6443'))
    const r = await exportToUserKubeconfig(
      config('kind-layer8-dev-001', 'https://127.0.0.1:40001'),
      host(home, { KUBECONFIG: `${target}:/elsewhere` })
    )
    expect(r).toEqual({ path: target, context: 'kind-layer8-dev-001' })
    const merged = new KubeConfig()
    merged.loadFromFile(target)
    expect(
      merged
        .getContexts()
        .map((c) => c.name)
        .sort()
    ).toEqual(['kind-layer8-dev-001', 'team-prod'])
    expect(merged.getCurrentContext()).toBe('team-prod')
    expect(readFileSync(`${target}.layer8-backup`, 'utf8')).toContain('prod.example')
  })

  it('keeps fields client libraries do not model, and the first backup', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'l8-home-'))
    const target = path.join(home, 'config')
    const original = config('team', 'https://team.example:6443')
      .replace('token: token-team', 'tokenFile: /var/run/secrets/team-token')
      .concat('preferences:\n  colors: true\nextensions:\n  - name: vendor\n    extension: {a: 1}\n')
    writeFileSync(target, original)
    await exportToUserKubeconfig(config('kind-a', 'https://127.0.0.1:1'), host(home, { KUBECONFIG: target }))
    await exportToUserKubeconfig(config('kind-a', 'https://127.0.0.1:2'), host(home, { KUBECONFIG: target }))
    const text = readFileSync(target, 'utf8')
    expect(text).toContain('tokenFile: /var/run/secrets/team-token')
    expect(text).not.toContain('token-team')
    expect(text).toContain('colors: true')
    expect(text).toContain('name: vendor')
    expect(readFileSync(`${target}.layer8-backup`, 'utf8')).toBe(original)
  })

  it('replaces an older entry of the same name and creates ~/.kube/config when there is none', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'l8-home-'))
    await exportToUserKubeconfig(config('kind-layer8-dev-001', 'https://127.0.0.1:1111'), host(home))
    await exportToUserKubeconfig(config('kind-layer8-dev-001', 'https://127.0.0.1:2222'), host(home))
    const kc = new KubeConfig()
    kc.loadFromFile(path.join(home, '.kube', 'config'))
    expect(kc.getClusters().map((c) => c.server)).toEqual(['https://127.0.0.1:2222'])
    expect(kc.getCurrentContext()).toBe('kind-layer8-dev-001')
  })

  it('leaves a malformed kubeconfig untouched and says so', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'l8-home-'))
    const target = path.join(home, 'bad.yaml')
    writeFileSync(target, 'clusters: [ {name: x\n')
    const err = await exportToUserKubeconfig(
      config('kind-a', 'https://127.0.0.1:1'),
      host(home, { KUBECONFIG: target })
    ).catch((e: unknown) => e)
    expect((err as AppError).code).toBe('KUBECONFIG_INVALID')
    expect(readFileSync(target, 'utf8')).toBe('clusters: [ {name: x\n')
    expect(existsSync(`${target}.layer8-backup`)).toBe(false)
  })
})
