import { readFile } from 'node:fs/promises'

import { writeFileAtomic } from '../core/settings.ts'

export interface Bounds {
  x?: number
  y?: number
  width: number
  height: number
  maximized?: boolean
}

export interface Area {
  x: number
  y: number
  width: number
  height: number
}

export const DEFAULT_BOUNDS: Bounds = { width: 1200, height: 800 }

/**
 * Keeps a remembered window on a screen that still exists: after a monitor is unplugged the
 * saved position may be off every display, and the window would open invisible. Pure.
 */
export function fitToDisplays(saved: Bounds | undefined, displays: readonly Area[]): Bounds {
  if (saved === undefined || !(saved.width > 0) || !(saved.height > 0)) return DEFAULT_BOUNDS
  const { x, y } = saved
  if (x === undefined || y === undefined)
    return { width: saved.width, height: saved.height, maximized: saved.maximized }
  const visible = displays.some(
    (d) => x + 100 > d.x && x < d.x + d.width - 100 && y >= d.y - 10 && y < d.y + d.height - 50
  )
  if (!visible)
    return { width: Math.min(saved.width, 1600), height: Math.min(saved.height, 1000), maximized: saved.maximized }
  return saved
}

export async function loadBounds(file: string): Promise<Bounds | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Bounds
  } catch {
    return undefined
  }
}

export async function saveBounds(file: string, bounds: Bounds): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(bounds))
}
