import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { PortRemap } from '../../electron/contract/commands.ts'
import { ARTIFACTS, assertBrowserReady, launchChromium, startServe } from '../support/browser.ts'
import { freeRemaps } from '../support/lifecycle.ts'
import { deleteKindCluster, nodeContainers, realKindSetup } from '../support/real-kind.ts'

/**
 * The Cluster pane driving a real kind cluster on a real Docker engine, through `l8dev serve`
 * in headless Chromium: create with live steps and log, the port table, stop, start, delete.
 * Its cluster has its own name, apart from the other Docker suite's.
 */
const NAME = 'l8-ui'

let serve: ChildProcess | undefined
let browser: Browser | undefined
let page: Page
let remaps: PortRemap[] = []

const containers = (): string[] => nodeContainers(NAME).map((l) => l.split('\t')[1] ?? '')

async function serveWithKind(image: string, bin: string): Promise<string> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'l8-ui-data-'))
  // What a user would have chosen before: the name, one worker, free host ports, the image.
  writeFileSync(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({ cluster: { name: NAME, workers: 1, remaps, nodeImage: image } })
  )
  const { child, url } = await startServe({ PATH: `${bin}:${process.env['PATH'] ?? ''}`, L8_DATA_DIR: dataDir })
  serve = child
  return url
}

beforeAll(async () => {
  assertBrowserReady()
  const { image, bin } = await realKindSetup(NAME, () => undefined)
  remaps = await freeRemaps()
  const url = await serveWithKind(image, bin)
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
  await page.goto(url)
  await page.getByTestId('tab-cluster').click()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  serve?.kill('SIGINT')
  deleteKindCluster(NAME)
})

const state = () => page.getByTestId('cluster-state')

describe('the Cluster pane on a real kind cluster', () => {
  it('creates it, with live steps, their durations and the log, then shows it running', async () => {
    await page.getByTestId('cluster-create').click()
    await page.getByTestId('task-steps').waitFor({ timeout: 30_000 })
    // The steps turn done one by one while kind works; the log follows it.
    await page.locator('[data-testid="step-control-plane"][data-state="done"]').waitFor({ timeout: 90_000 })
    expect(await page.getByTestId('task-log').textContent()).toContain('Starting control-plane')
    const ids = ['node-image', 'nodes', 'control-plane', 'workers', 'api', 'nodes-ready', 'ingress', 'metrics-server']
    for (const id of ids) {
      await page.locator(`[data-testid="step-${id}"][data-state="done"]`).waitFor({ timeout: 150_000 })
    }
    // No image can be pre-pulled onto the test node image: the step says so and the create goes on.
    await page.locator('[data-testid="step-images"][data-state="warning"]').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('step-images').textContent()).toContain('partly')
    for (const id of ids) {
      expect(await page.getByTestId(`step-${id}`).locator('.step-duration').textContent(), id).toMatch(/\d/)
    }
    expect(await page.getByTestId('task-log').textContent()).toContain('Joining worker nodes')

    await page.locator('[data-testid="cluster-state"][data-running="true"]').waitFor({ timeout: 30_000 })
    for (const n of [`${NAME}-control-plane`, `${NAME}-worker`]) {
      await page.locator(`[data-testid="node-${n}"][data-ready="true"]`).waitFor({ timeout: 30_000 })
    }
    // The port table shows the host ports Docker bound, served by the cluster.
    const pg = remaps.find((r) => r.from === 5432)?.to
    const row = page.getByTestId('port-5432')
    expect(await row.textContent()).toContain(String(pg))
    expect(await row.textContent()).toContain('served by the cluster')
    await page.screenshot({ path: path.join(ARTIFACTS, 'cluster-real-running.png'), fullPage: true })
  }, 360_000)

  it('stops and starts it', async () => {
    await page.getByTestId('cluster-stop').click()
    await page.locator('[data-testid="cluster-state"][data-running="false"]').waitFor({ timeout: 60_000 })
    expect(containers().every((s) => s === 'exited')).toBe(true)
    // Stopped, the table watches the ports again: they are free for the start.
    await page.locator('[data-testid="port-5432"][data-free="true"]').waitFor({ timeout: 20_000 })

    await page.getByTestId('cluster-start').click()
    await page.locator('[data-testid="cluster-state"][data-running="true"]').waitFor({ timeout: 120_000 })
    await page.locator(`[data-testid="node-${NAME}-control-plane"][data-ready="true"]`).waitFor({ timeout: 60_000 })
    expect(containers().every((s) => s === 'running')).toBe(true)
  }, 240_000)

  it('deletes it after asking', async () => {
    await page.getByTestId('cluster-delete').click()
    await page.getByTestId('confirm-dialog').waitFor()
    expect(containers()).toHaveLength(2)
    await page.getByTestId('confirm-yes').click()
    await page.locator('[data-testid="cluster-state"][data-exists="false"]').waitFor({ timeout: 120_000 })
    expect(containers()).toEqual([])
    expect(await state().getAttribute('data-running')).toBe('false')
  }, 180_000)
})
