import { access, constants } from 'node:fs/promises'
import path from 'node:path'

export interface HostEnv {
  platform: NodeJS.Platform
  env: Record<string, string | undefined>
  homedir: string
}

/**
 * Folders where docker and kind live but that a GUI-launched app does not see on its PATH:
 * macOS apps started from Finder get a bare PATH without Homebrew or /usr/local/bin, and
 * Windows installers put binaries in folders that a running session may not have picked up.
 */
export function extraBinaryDirs(host: HostEnv): string[] {
  const home = host.homedir
  const env = host.env
  switch (host.platform) {
    case 'darwin':
      return [
        '/opt/homebrew/bin',
        '/usr/local/bin',
        path.join(home, '.docker/bin'),
        '/Applications/Docker.app/Contents/Resources/bin',
        path.join(home, '.rd/bin'),
        path.join(home, 'go/bin'),
        '/opt/local/bin'
      ]
    case 'win32': {
      const pf = env['ProgramFiles'] ?? 'C:\\Program Files'
      const local = env['LOCALAPPDATA'] ?? path.win32.join(home, 'AppData', 'Local')
      const choco = env['ChocolateyInstall'] ?? 'C:\\ProgramData\\chocolatey'
      return [
        path.win32.join(pf, 'Docker', 'Docker', 'resources', 'bin'),
        path.win32.join(local, 'Microsoft', 'WinGet', 'Links'),
        path.win32.join(choco, 'bin'),
        path.win32.join(home, 'scoop', 'shims'),
        path.win32.join(home, 'go', 'bin')
      ]
    }
    default:
      return ['/usr/local/bin', '/usr/bin', '/snap/bin', path.join(home, '.local/bin'), path.join(home, 'go/bin')]
  }
}

/** The PATH entries to search: the process' own PATH first, then the extra folders. */
export function searchDirs(host: HostEnv): string[] {
  const sep = host.platform === 'win32' ? ';' : ':'
  const fromEnv = (host.env['PATH'] ?? host.env['Path'] ?? '').split(sep).filter((d) => d.length > 0)
  const seen = new Set<string>()
  const dirs: string[] = []
  for (const dir of [...fromEnv, ...extraBinaryDirs(host)]) {
    if (!seen.has(dir)) {
      seen.add(dir)
      dirs.push(dir)
    }
  }
  return dirs
}

function candidateNames(name: string, host: HostEnv): string[] {
  if (host.platform !== 'win32') return [name]
  // Without a shell only real executables start: no extensionless shims, no .cmd or .bat.
  return [`${name}.exe`, `${name}.com`]
}

/** Finds an executable the way a shell would, plus the folders a GUI launch misses. */
export async function findBinary(name: string, host: HostEnv): Promise<string | undefined> {
  const join = (...parts: string[]): string =>
    host.platform === 'win32' ? path.win32.join(...parts) : path.posix.join(...parts)
  const mode = host.platform === 'win32' ? constants.F_OK : constants.X_OK
  for (const dir of searchDirs(host)) {
    for (const candidate of candidateNames(name, host)) {
      const full = join(dir, candidate)
      try {
        await access(full, mode)
        return full
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined
}
