import os from 'node:os'
import path from 'node:path'

export const PRODUCT_NAME = 'Layer8 Desktop'

/**
 * The folder Electron's app.getPath('userData') gives, so the desktop app, the browser
 * face and the CLI share settings and kubeconfigs. L8_DATA_DIR overrides it (tests, CI).
 */
export function defaultDataDir(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir()
): string {
  const override = env['L8_DATA_DIR']
  if (override !== undefined && override !== '') return path.resolve(override)
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME)
  if (platform === 'win32')
    return path.win32.join(env['APPDATA'] ?? path.win32.join(home, 'AppData', 'Roaming'), PRODUCT_NAME)
  return path.join(env['XDG_CONFIG_HOME'] ?? path.join(home, '.config'), PRODUCT_NAME)
}
