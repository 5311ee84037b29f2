import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { startWebServer } from '../core/server/ws-server.ts'
import type { CliCommand } from './main.ts'

export const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url))

export const serveCommand: CliCommand = {
  summary: 'Serve the UI to a browser on this machine (headless mode)',
  usage: 'l8dev serve [--port <n>]',
  options: { port: { type: 'string' } },
  run: async ({ core, out, json, values, signal }) => {
    const raw = values['port']
    const port = raw === undefined ? 0 : Number(raw)
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      out.stderr(`--port must be a number from 0 to 65535 (got "${String(raw)}").`)
      return 2
    }
    if (!existsSync(RENDERER_DIR)) {
      out.stderr(`The UI is not built (${RENDERER_DIR} is missing). Run "npm run build:web" first.`)
      return 1
    }
    const server = await startWebServer({ dispatcher: core.dispatcher, staticDir: RENDERER_DIR, port })
    out.stdout(
      json
        ? JSON.stringify({ url: server.url, port: server.port })
        : `Layer8 Desktop is served at:\n  ${server.url}\nPress Ctrl-C to stop.`
    )
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve()
      signal.addEventListener('abort', () => resolve(), { once: true })
      process.once('SIGTERM', () => resolve())
    })
    await server.close()
    return 0
  }
}
