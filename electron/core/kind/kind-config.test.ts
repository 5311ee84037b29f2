import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'

import { AppError } from '../app-error.ts'
import { applyRemaps, buildKindConfig, kindConfigYaml, NODE_IMAGE, type KindCluster } from './kind-config.ts'

/** "Kind Cluster Port Mappings" of the design, plus the three ports upstream maps too. */
const DESIGN_TABLE: [host: number, node: number][] = [
  [80, 80],
  [443, 443],
  [5001, 30001],
  [5432, 30432],
  [6191, 30191],
  [8086, 30086],
  [6193, 30193],
  [5173, 30173],
  [3000, 30000]
]

const build = (over: Partial<Parameters<typeof buildKindConfig>[0]> = {}): KindCluster =>
  buildKindConfig({
    name: 'layer8-dev-001',
    workers: 2,
    ports: applyRemaps([]),
    listenAddress: '127.0.0.1',
    registryConfigPath: true,
    ...over
  })

describe('kind config from a typed object', () => {
  it('matches the design: name, one control plane and two workers, subnets, ingress label', () => {
    const c = build()
    expect(c.name).toBe('layer8-dev-001')
    expect(c.networking).toEqual({ podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/16' })
    expect(c.nodes.map((n) => n.role)).toEqual(['control-plane', 'worker', 'worker'])
    // The label travels as kubeadm's node-labels kubelet argument, patched into InitConfiguration.
    const patches = (c.nodes[0]?.kubeadmConfigPatches ?? []).map((p) => parse(p) as unknown)
    expect(patches).toEqual([
      { kind: 'InitConfiguration', nodeRegistration: { kubeletExtraArgs: { 'node-labels': 'ingress-ready=true' } } }
    ])
    expect(c.nodes.slice(1).every((n) => n.kubeadmConfigPatches === undefined)).toBe(true)
    for (const n of c.nodes) expect(n.image).toMatch(/^kindest\/node:v1\.36\.\d+@sha256:[0-9a-f]{64}$/)
    expect(NODE_IMAGE).toContain('@sha256:')
  })

  it('maps every design port on the control plane, bound to 127.0.0.1 by default', () => {
    const mappings = build().nodes[0]?.extraPortMappings ?? []
    expect(mappings.map((m) => [m.hostPort, m.containerPort])).toEqual(DESIGN_TABLE)
    expect(new Set(mappings.map((m) => m.listenAddress))).toEqual(new Set(['127.0.0.1']))
    expect(
      build({ listenAddress: '0.0.0.0' }).nodes[0]?.extraPortMappings?.every((m) => m.listenAddress === '0.0.0.0')
    ).toBe(true)
  })

  it('remaps host ports only; node ports stay as the design has them', () => {
    const ports = applyRemaps([
      { from: 5432, to: 15432 },
      { from: 80, to: 8080 }
    ])
    const m = build({ ports }).nodes[0]?.extraPortMappings ?? []
    expect(m.find((x) => x.containerPort === 30432)?.hostPort).toBe(15432)
    expect(m.find((x) => x.containerPort === 80)?.hostPort).toBe(8080)
    expect(m.find((x) => x.containerPort === 30001)?.hostPort).toBe(5001)
  })

  it('wires containerd to a registry mirror folder, and serialises to YAML kind reads back', () => {
    const c = build()
    expect(c.containerdConfigPatches?.[0]).toContain('config_path = "/etc/containerd/certs.d"')
    expect(parse(kindConfigYaml(c))).toEqual(c)
  })

  it('sizes the cluster by the worker count', () => {
    expect(build({ workers: 0 }).nodes).toHaveLength(1)
    expect(build({ workers: 4 }).nodes).toHaveLength(5)
  })
})

describe('bad input is refused before anything is created', () => {
  const code = (fn: () => unknown): string => {
    try {
      fn()
    } catch (err) {
      if (err instanceof AppError) return `${err.code}: ${err.message} / ${err.hint ?? ''}`
      throw err
    }
    return 'no error'
  }
  it('refuses invalid names', () => {
    for (const name of ['', 'Layer8', 'layer8_dev', '-x', 'x-', 'a'.repeat(51)]) {
      expect(code(() => build({ name }))).toMatch(/^INVALID_CONFIG: .*not a valid cluster name/)
    }
  })
  it('refuses a node count below 1', () => {
    expect(code(() => build({ workers: -1 }))).toMatch(/^INVALID_CONFIG: A cluster needs 1 to 11 nodes \(got 0\)/)
    expect(code(() => build({ workers: 1.5 }))).toMatch(/^INVALID_CONFIG/)
  })
  it('refuses ports out of range, unknown ports, and ports given twice', () => {
    expect(code(() => applyRemaps([{ from: 5432, to: 70000 }]))).toMatch(/^INVALID_CONFIG: Port 70000 is out of range/)
    expect(code(() => applyRemaps([{ from: 5432, to: 0 }]))).toMatch(/^INVALID_CONFIG: Port 0 is out of range/)
    expect(code(() => applyRemaps([{ from: 1234, to: 4321 }]))).toMatch(/not one of the ports the cluster maps/)
    expect(
      code(() =>
        applyRemaps([
          { from: 5432, to: 15432 },
          { from: 5432, to: 25432 }
        ])
      )
    ).toMatch(/remapped twice/)
    expect(code(() => applyRemaps([{ from: 5432, to: 6191 }]))).toMatch(/Host port 6191 is given twice/)
  })
})
describe('node image override', () => {
  it('runs every node on the given image', () => {
    const c = build({ nodeImage: 'registry.example.com:5000/mirror/kindest/node:v1.36.4' })
    expect(c.nodes.map((n) => n.image)).toEqual(Array(3).fill('registry.example.com:5000/mirror/kindest/node:v1.36.4'))
  })

  it.each(['kindest/node', 'Kindest/Node:v1', 'node:v1 --privileged', 'kindest/node@sha256:abc', ''])(
    'refuses %j with a hint',
    (image) => {
      expect(() => build({ nodeImage: image })).toThrowError(
        expect.objectContaining({
          code: 'INVALID_CONFIG',
          hint: expect.stringContaining('kindest/node:v1.36.4') as unknown
        }) as Error
      )
    }
  )
})

describe('cgroup v1 engines', () => {
  it('tells every kubelet to run on cgroup v1, only when the engine uses it', () => {
    const patches = (build({ cgroupV1: true }).kubeadmConfigPatches ?? []).map((p) => parse(p) as unknown)
    expect(patches).toEqual([{ kind: 'KubeletConfiguration', failCgroupV1: false }])
    expect(build().kubeadmConfigPatches).toBeUndefined()
    expect(build({ cgroupV1: false }).kubeadmConfigPatches).toBeUndefined()
  })
})
