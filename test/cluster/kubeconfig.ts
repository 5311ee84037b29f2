import { readFileSync } from 'node:fs'

import { stringify } from 'yaml'

const b64 = (file: string): string => readFileSync(file).toString('base64')

export type Credentials = { cert: string; key: string } | { token: string }

/** A kubeconfig with one cluster, one user and one context, everything embedded. */
export function kubeconfigYaml(server: string, caFile: string, user: string, creds: Credentials): string {
  const userEntry =
    'token' in creds
      ? { token: creds.token }
      : { 'client-certificate-data': b64(creds.cert), 'client-key-data': b64(creds.key) }
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'testcluster', cluster: { server, 'certificate-authority-data': b64(caFile) } }],
    users: [{ name: user, user: userEntry }],
    contexts: [{ name: `testcluster-${user}`, context: { cluster: 'testcluster', user } }],
    'current-context': `testcluster-${user}`
  })
}
