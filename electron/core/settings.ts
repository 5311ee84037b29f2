import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { z } from 'zod'

import type { PortRemap, TargetParams } from '../contract/commands.ts'

export interface Settings {
  target: TargetParams
  /** nodeImage: absent means the pinned NODE_IMAGE. */
  cluster: { name: string; workers: number; remaps: PortRemap[]; listenAll: boolean; nodeImage?: string }
}

export const DEFAULT_SETTINGS: Settings = {
  target: { kind: 'kind' },
  cluster: { name: 'layer8-dev-001', workers: 2, remaps: [], listenAll: false }
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file. */
export async function writeFileAtomic(file: string, text: string, mode = 0o600): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`
  try {
    await writeFile(tmp, text, { mode })
    // Windows refuses to rename onto a file another process has open for a moment.
    for (let attempt = 0; ; attempt++) {
      try {
        await rename(tmp, file)
        return
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (attempt >= 4 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw err
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt))
      }
    }
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
}

const remap = z.object({ from: z.number().int(), to: z.number().int() })
const settingsSchema = z.object({
  target: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('kind') }),
      z.object({ kind: z.literal('kubeconfig'), path: z.string().min(1), context: z.string().min(1) })
    ])
    .optional(),
  cluster: z
    .object({
      name: z.string().optional(),
      workers: z.number().int().optional(),
      remaps: z.array(remap).optional(),
      listenAll: z.boolean().optional(),
      nodeImage: z.string().optional()
    })
    .optional()
})

export class SettingsStore {
  private readonly file: string
  private queue: Promise<unknown> = Promise.resolve()

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'settings.json')
  }

  async read(): Promise<Settings> {
    const text = await readFile(this.file, 'utf8').catch(() => undefined)
    if (text === undefined) return structuredClone(DEFAULT_SETTINGS)
    try {
      const raw = settingsSchema.parse(JSON.parse(text))
      return {
        target: raw.target ?? DEFAULT_SETTINGS.target,
        cluster: {
          name: raw.cluster?.name ?? DEFAULT_SETTINGS.cluster.name,
          workers: raw.cluster?.workers ?? DEFAULT_SETTINGS.cluster.workers,
          remaps: raw.cluster?.remaps ?? DEFAULT_SETTINGS.cluster.remaps,
          listenAll: raw.cluster?.listenAll ?? DEFAULT_SETTINGS.cluster.listenAll,
          ...(raw.cluster?.nodeImage === undefined ? {} : { nodeImage: raw.cluster.nodeImage })
        }
      }
    } catch {
      // A corrupt file is kept aside for the user rather than silently overwritten.
      await rename(this.file, `${this.file}.corrupt-${Date.now()}`).catch(() => undefined)
      return structuredClone(DEFAULT_SETTINGS)
    }
  }

  /** Updates run one after another, each reading what the one before wrote. */
  update(change: (s: Settings) => Settings): Promise<Settings> {
    const run = this.queue.then(async () => {
      const next = change(await this.read())
      await writeFileAtomic(this.file, JSON.stringify(next, null, 2) + '\n')
      return next
    })
    this.queue = run.catch(() => undefined)
    return run
  }
}
