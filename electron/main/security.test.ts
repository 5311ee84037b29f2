import { describe, expect, it } from 'vitest'

import { isAllowedExternal, isAppUrl } from './security.ts'
import { DEFAULT_BOUNDS, fitToDisplays } from './window-state.ts'

describe('external links', () => {
  it('opens only https links to the allow-listed help sites', () => {
    expect(isAllowedExternal('https://docs.docker.com/get-started/get-docker/')).toBe(true)
    expect(isAllowedExternal('https://kind.sigs.k8s.io/docs/user/quick-start/')).toBe(true)
    expect(isAllowedExternal('http://kind.sigs.k8s.io/')).toBe(false)
    expect(isAllowedExternal('https://kind.sigs.k8s.io.evil.example/')).toBe(false)
    expect(isAllowedExternal('https://user@github.com/')).toBe(false)
    expect(isAllowedExternal('file:///etc/passwd')).toBe(false)
    expect(isAllowedExternal('not a url')).toBe(false)
  })

  it('treats only the bundled page and the dev server as the app', () => {
    const index = 'file:///opt/app/out/renderer/index.html'
    expect(isAppUrl('file:///opt/app/out/renderer/index.html#/cluster', undefined, index)).toBe(true)
    expect(isAppUrl('file:///home/me/Downloads/evil.html', undefined, index)).toBe(false)
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173', index)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173', index)).toBe(false)
    expect(isAppUrl('http://localhost:5173/', undefined, index)).toBe(false)
    expect(isAppUrl('https://example.com/', undefined, index)).toBe(false)
    expect(isAppUrl('not a url', undefined, index)).toBe(false)
  })
})

describe('remembered window bounds', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }]
  it('keeps bounds that are on a screen', () => {
    expect(fitToDisplays({ x: 100, y: 100, width: 1000, height: 700 }, screen)).toEqual({
      x: 100,
      y: 100,
      width: 1000,
      height: 700
    })
  })
  it('drops the position when its screen is gone, keeping the size', () => {
    expect(fitToDisplays({ x: 3000, y: 100, width: 1000, height: 700, maximized: false }, screen)).toEqual({
      width: 1000,
      height: 700,
      maximized: false
    })
  })
  it('falls back to defaults for nothing or nonsense', () => {
    expect(fitToDisplays(undefined, screen)).toEqual(DEFAULT_BOUNDS)
    expect(fitToDisplays({ width: -5, height: 0 }, screen)).toEqual(DEFAULT_BOUNDS)
  })
})
