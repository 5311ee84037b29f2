import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import path from 'node:path'

export interface Pki {
  dir: string
  caCrt: string
  servingCrt: string
  servingKey: string
  adminCrt: string
  adminKey: string
  saKey: string
  saPub: string
  tokensCsv: string
  adminToken: string
  viewerToken: string
}

const openssl = (args: string[]): void => {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] })
}

function signed(dir: string, name: string, subject: string, ext: string): void {
  const p = (f: string): string => path.join(dir, f)
  openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    p(`${name}.key`),
    '-out',
    p(`${name}.csr`),
    '-subj',
    subject
  ])
  writeFileSync(p(`${name}.ext`), ext)
  openssl([
    'x509',
    '-req',
    '-in',
    p(`${name}.csr`),
    '-CA',
    p('ca.crt'),
    '-CAkey',
    p('ca.key'),
    '-CAcreateserial',
    '-out',
    p(`${name}.crt`),
    '-days',
    '30',
    '-extfile',
    p(`${name}.ext`)
  ])
}

/** A fresh CA, serving and admin certificates, service-account keys and tokens, per start. */
export function makePki(dir: string): Pki {
  const p = (f: string): string => path.join(dir, f)
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    p('ca.key'),
    '-out',
    p('ca.crt'),
    '-days',
    '30',
    '-subj',
    '/CN=layer8-test-ca'
  ])
  signed(
    dir,
    'serving',
    '/CN=kube-apiserver',
    'subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth,clientAuth\n'
  )
  signed(dir, 'admin', '/O=system:masters/CN=testcluster-admin', 'extendedKeyUsage=clientAuth\n')
  openssl(['genrsa', '-out', p('sa.key'), '2048'])
  openssl(['rsa', '-in', p('sa.key'), '-pubout', '-out', p('sa.pub')])
  const adminToken = randomBytes(24).toString('hex')
  const viewerToken = randomBytes(24).toString('hex')
  writeFileSync(p('tokens.csv'), `${adminToken},admin,uid-admin,"system:masters"\n${viewerToken},viewer,uid-viewer\n`, {
    mode: 0o600
  })
  return {
    dir,
    caCrt: p('ca.crt'),
    servingCrt: p('serving.crt'),
    servingKey: p('serving.key'),
    adminCrt: p('admin.crt'),
    adminKey: p('admin.key'),
    saKey: p('sa.key'),
    saPub: p('sa.pub'),
    tokensCsv: p('tokens.csv'),
    adminToken,
    viewerToken
  }
}
