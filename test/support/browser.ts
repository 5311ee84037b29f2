import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'

import { chromium, type Browser } from 'playwright-core'

/** What the browser suites share: the built UI, `l8dev serve`, and Debian's Chromium. */
export const ROOT = path.join(import.meta.dirname, '../..')
export const ARTIFACTS = path.join(ROOT, 'test-results')
const CHROMIUM = process.env['L8_CHROMIUM'] ?? '/usr/bin/chromium'

/** Fails with the next step when the UI is not built or Chromium is missing. */
export function assertBrowserReady(): void {
  if (!existsSync(path.join(ROOT, 'out/renderer/index.html')))
    throw new Error('The UI is not built: run "npm run build:web" (npm test does).')
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium, or set L8_CHROMIUM.`)
  mkdirSync(ARTIFACTS, { recursive: true })
}

/** `l8dev serve --json` as a user runs it; resolves with the child and the URL it prints. */
export async function startServe(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/l8dev.js'), 'serve', '--json'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url))
    child.once('exit', (code) => reject(new Error(`l8dev serve exited with ${code}`)))
  })
  return { child, url }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}
