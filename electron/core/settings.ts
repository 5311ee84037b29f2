import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'

import type { PortRemap, TargetParams } from '../contract/commands.ts'

export interface Settings {
  target: TargetParams
  cluster: { name: string; workers: number; remaps: PortRemap[]; listenAll: boolean }
}

export const DEFAULT_SETTINGS: Settings = {
  target: { kind: 'kind' },
  cluster: { name: 'layer8-dev-001', workers: 2, remaps: [], listenAll: false }
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file. */
export async function writeFileAtomic(file: string, text: string, mode = 0o600): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`
  await writeFile(tmp, text, { mode })
  await rename(tmp, file)
}

export class SettingsStore {
  private readonly file: string

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'settings.json')
  }

  async read(): Promise<Settings> {
    const text = await readFile(this.file, 'utf8').catch(() => undefined)
    if (text === undefined) return structuredClone(DEFAULT_SETTINGS)
    try {
      const raw = JSON.parse(text) as Partial<Settings>
      return {
        target: raw.target ?? DEFAULT_SETTINGS.target,
        cluster: { ...DEFAULT_SETTINGS.cluster, ...raw.cluster }
      }
    } catch {
      // A corrupt file is kept aside for the user rather than silently overwritten.
      await rename(this.file, `${this.file}.corrupt-${Date.now()}`).catch(() => undefined)
      return structuredClone(DEFAULT_SETTINGS)
    }
  }

  async update(change: (s: Settings) => Settings): Promise<Settings> {
    const next = change(await this.read())
    await writeFileAtomic(this.file, JSON.stringify(next, null, 2) + '\n')
    return next
  }
}
