import { fileURLToPath } from 'node:url'

import { defineConfig } from 'electron-vite'

import { rendererConfig } from './renderer/vite.config.ts'

const at = (p: string): string => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  main: {
    build: {
      outDir: at('./out/main'),
      lib: { entry: at('./electron/main/index.ts'), formats: ['es'] }
    }
  },
  preload: {
    // A sandboxed preload cannot load modules: one CommonJS file with nothing external.
    build: {
      outDir: at('./out/preload'),
      externalizeDeps: false,
      lib: { entry: at('./electron/preload/index.ts'), formats: ['cjs'] },
      rollupOptions: { external: ['electron'], output: { entryFileNames: 'index.cjs' } }
    }
  },
  renderer: {
    ...rendererConfig,
    build: { ...rendererConfig.build, rollupOptions: { input: at('./renderer/index.html') } }
  }
})
