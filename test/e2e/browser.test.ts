import type { ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import { fixture, replay, writeStub } from '../fakes/stub-bin.ts'
import { ARTIFACTS, assertBrowserReady, launchChromium, startServe } from '../support/browser.ts'

let serve: ChildProcess
let url = ''
let browser: Browser

/** `l8dev serve` as a user runs it, with docker and kind stubs that say the engine is down. */
async function serveWithStubs(): Promise<void> {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'l8-e2e-bin-'))
  writeStub(bin, 'docker', [
    replay(['--version'], fixture('docker/version.json')),
    replay(['info'], fixture('docker/info-no-engine.json')),
    { args: ['ps'], stderr: fixture('docker/info-no-engine.json').stderr, code: 1 }
  ])
  writeStub(bin, 'kind', [{ args: ['version'], stdout: 'kind v0.33.0 go1.26.8 linux/amd64\n' }])
  ;({ child: serve, url } = await startServe({
    PATH: `${bin}:${path.dirname(process.execPath)}`,
    L8_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'l8-e2e-data-'))
  }))
}

beforeAll(async () => {
  assertBrowserReady()
  await serveWithStubs()
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  serve?.kill('SIGINT')
})

async function openApp(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  await page.goto(url)
  return page
}

describe('the browser face', () => {
  it('prints a URL whose token is required', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/)
    const bare = url.slice(0, url.indexOf('?'))
    const refused = await fetch(bare)
    expect(refused.status).toBe(401)
    expect(await refused.text()).toContain('Unauthorised')
  })

  it('shows the doctor findings as the first screen', async () => {
    const page = await openApp()
    const engine = page.getByTestId('finding-docker.engine')
    await engine.waitFor({ timeout: 20_000 })
    expect(await engine.getAttribute('data-status')).toBe('fail')
    expect(await engine.textContent()).toContain('not running')
    expect(await page.getByTestId('finding-docker.cli').getAttribute('data-status')).toBe('ok')
    expect(await page.getByTestId('finding-port.5432').count()).toBe(1)
    expect(await page.getByTestId('doctor-overall').getAttribute('data-status')).toBe('fail')
    expect(await page.getByTestId('connection-state').getAttribute('data-state')).toBe('open')
    // The token leaves the address bar once the page has it.
    expect(page.url()).not.toContain('token=')
    await page.screenshot({ path: path.join(ARTIFACTS, 'doctor.png'), fullPage: true })
    await page.close()
  })

  it('shows the cluster pane with the reason Docker is needed', async () => {
    const page = await openApp()
    await page.getByTestId('tab-cluster').click()
    const error = page.getByTestId('error').first()
    await error.waitFor({ timeout: 20_000 })
    expect(await error.getAttribute('data-code')).toBe('DOCKER_UNAVAILABLE')
    expect(await error.textContent()).toContain('Start Docker Desktop')
    expect(await page.getByTestId('port-5432').count()).toBe(1)
    await page.screenshot({ path: path.join(ARTIFACTS, 'cluster.png'), fullPage: true })
    await page.close()
  })

  it('switches the target to a context of another kubeconfig, with kind-only actions disabled', async () => {
    if (inject('clusterError') !== '') throw new Error(`No test cluster: ${inject('clusterError')}`)
    const page = await openApp()
    await page.getByTestId('tab-cluster').click()
    await page.getByTestId('target-change').click()
    await page.getByTestId('target-kubeconfig').check()
    await page.getByTestId('target-path').fill(inject('kubeconfig'))
    await page.getByTestId('target-load').click()
    await page.getByTestId('target-context').waitFor()
    await page.getByTestId('target-use').click()
    await page.getByTestId('node-l8-control-plane').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('node-l8-control-plane').getAttribute('data-ready')).toBe('true')
    expect(await page.getByTestId('target-current').textContent()).toContain('testcluster-admin')
    for (const action of ['create', 'start', 'stop', 'delete']) {
      expect(await page.getByTestId(`cluster-${action}`).isDisabled(), action).toBe(true)
    }
    expect(await page.getByTestId('actions-disabled-reason').textContent()).toContain('kubeconfig')
    await page.screenshot({ path: path.join(ARTIFACTS, 'target.png'), fullPage: true })
    await page.close()
  })
})
