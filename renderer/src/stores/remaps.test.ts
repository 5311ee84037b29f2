import { describe, expect, it } from 'vitest'

import type { PortMapping } from '@contract'

import {
  fieldPort,
  parsePort,
  remapIssue,
  remapProblems,
  remapsFromTexts,
  remapsToTexts,
  seedRemaps
} from './remaps.ts'

const port = (designHostPort: number, purpose: string, hostPort = designHostPort): PortMapping => ({
  hostPort,
  containerPort: designHostPort + 30000,
  purpose,
  designHostPort
})

const https = port(443, 'HTTPS', 8443)
const ports = [port(80, 'HTTP'), https, port(5432, 'PostgreSQL')]

describe('parsePort', () => {
  it('accepts whole numbers from 1 to 65535', () => {
    expect(parsePort('1')).toBe(1)
    expect(parsePort('7000')).toBe(7000)
    expect(parsePort('65535')).toBe(65535)
    expect(parsePort(' 8080 ')).toBe(8080)
  })

  it('turns nothing else into a port, least of all a different number', () => {
    for (const text of ['', '0', '65536', '70000', '-1', '1.5', '1e3', '80a', '0x50', ' ']) {
      expect(parsePort(text), text).toBeUndefined()
    }
  })
})

describe('seedRemaps', () => {
  it('makes a remap of every port the status shows off its design port', () => {
    expect(seedRemaps(ports)).toEqual([{ from: 443, to: 8443 }])
    expect(seedRemaps([port(80, 'HTTP')])).toEqual([])
  })

  it('round-trips through the field texts', () => {
    const remaps = seedRemaps(ports)
    expect(remapsToTexts(remaps)).toEqual({ 443: '8443' })
    expect(remapsFromTexts(remapsToTexts(remaps))).toEqual(remaps)
  })
})

describe('remapsFromTexts', () => {
  it('leaves out empty fields, fields that are not ports, and remaps to the design port itself', () => {
    expect(remapsFromTexts({ 80: '', 443: '70000', 5432: '15432', 8080: '8080' })).toEqual([{ from: 5432, to: 15432 }])
  })
})

describe('fieldPort', () => {
  it('is the typed port, the design port when empty, undefined when not a port', () => {
    expect(fieldPort(https, { 443: '9443' })).toBe(9443)
    expect(fieldPort(https, {})).toBe(443)
    expect(fieldPort(https, { 443: '' })).toBe(443)
    expect(fieldPort(https, { 443: '70000' })).toBeUndefined()
  })
})

describe('remapProblems', () => {
  it('finds nothing wrong with empty fields and good ports', () => {
    expect(remapProblems(ports, {})).toEqual([])
    expect(remapProblems(ports, { 80: '8080', 443: '', 5432: '5432' })).toEqual([])
  })

  it('flags a field that is not a port', () => {
    expect(remapProblems(ports, { 5432: '70000' })).toEqual([
      { from: 5432, purpose: 'PostgreSQL', message: '1 to 65535' }
    ])
    expect(remapProblems(ports, { 80: 'abc' })).toEqual([{ from: 80, purpose: 'HTTP', message: '1 to 65535' }])
  })

  it("flags a port another row ends up on, including an empty row's design port", () => {
    expect(remapProblems(ports, { 5432: '80' })).toEqual([
      { from: 5432, purpose: 'PostgreSQL', message: 'already used by HTTP' }
    ])
  })

  it('allows a design port another row has been moved away from', () => {
    expect(remapProblems(ports, { 80: '8080', 5432: '80' })).toEqual([])
  })

  it('flags both fields when two are given the same port', () => {
    expect(remapProblems(ports, { 80: '9000', 5432: '9000' })).toEqual([
      { from: 80, purpose: 'HTTP', message: 'already used by PostgreSQL' },
      { from: 5432, purpose: 'PostgreSQL', message: 'already used by HTTP' }
    ])
  })

  it('says why Create waits, naming the first field', () => {
    expect(remapIssue([])).toBeUndefined()
    expect(remapIssue(remapProblems(ports, { 5432: '70000' }))).toBe('Fix the host port for PostgreSQL (1 to 65535).')
  })
})
