#!/usr/bin/env node
// The CLI is TypeScript run by Node's built-in type stripping (Node 22.18+).
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 19)) {
  console.error(
    `l8dev needs Node.js 22.19 or newer (this is ${process.versions.node}). ` +
      'In a checkout, run it through npm ("npx l8dev ..." or "npm run l8dev -- ..."), which uses the Node pinned in package.json.'
  )
  process.exit(2)
}
const { main } = await import('../electron/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
