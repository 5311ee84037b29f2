import { fileURLToPath } from 'node:url'

import react from '@vitejs/plugin-react'
import { defineConfig, type UserConfig } from 'vite'

const here = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url))

/** Shared with the electron-vite config, so the desktop and browser faces build the same page. */
export const rendererConfig: UserConfig = {
  root: here('.'),
  // Relative asset URLs: the desktop shell loads the page from file://, the browser face from /.
  base: './',
  plugins: [react()],
  resolve: {
    alias: { '@contract': here('../electron/contract/index.ts') }
  },
  build: {
    outDir: here('../out/renderer'),
    emptyOutDir: true,
    minify: true
  }
}

export default defineConfig(rendererConfig)
