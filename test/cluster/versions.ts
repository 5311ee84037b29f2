import { readFileSync } from 'node:fs'

/** versions.env is the one list of versions; the build script and this module both read it. */
const env = Object.fromEntries(
  readFileSync(new URL('./versions.env', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => /^[A-Z0-9_]+=/.test(l))
    .map((l) => l.split('=', 2) as [string, string])
)

const need = (k: string): string => {
  const v = env[k]
  if (v === undefined) throw new Error(`versions.env has no ${k}`)
  return v
}

export const K8S_VERSION = need('K8S_VERSION')
export const KWOK_VERSION = need('KWOK_VERSION')
export const METRICS_SERVER_VERSION = need('METRICS_SERVER_VERSION')
export const KIND_VERSION = need('KIND_VERSION')
