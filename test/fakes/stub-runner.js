// A stand-in for docker or kind: replays recorded output for matching arguments.
// Usage (from a generated wrapper): node stub-runner.js <spec.json> <args...>
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const [specFile, ...args] = process.argv.slice(2)
const spec = JSON.parse(readFileSync(specFile, 'utf8'))
// One state file per folder, so stubs see each other's effects (kind create -> docker ps).
const stateFile = join(dirname(specFile), 'state.json')
const state = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {}
appendFileSync(`${specFile}.calls`, JSON.stringify(args) + '\n')

const matches = (r) =>
  r.args.every((a, i) => a === '*' || a === args[i]) && Object.entries(r.when ?? {}).every(([k, v]) => state[k] === v)
const response = spec.responses.find(matches)
if (response === undefined) {
  process.stderr.write(`stub ${spec.name}: no recorded answer for: ${args.join(' ')}\n`)
  process.exit(97)
}
if (response.copy !== undefined) {
  // e.g. kind writing the cluster's kubeconfig where --kubeconfig points
  const target = args[args.indexOf(response.copy.flag) + 1]
  if (target !== undefined) {
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(response.copy.source, target)
  }
}
if (response.set !== undefined) writeFileSync(stateFile, JSON.stringify({ ...state, ...response.set }))
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
for (const line of response.lines ?? []) {
  if (line.delayMs) await sleep(line.delayMs)
  ;(line.stream === 'stdout' ? process.stdout : process.stderr).write(line.text + '\n')
}
if (response.stdout) process.stdout.write(response.stdout)
if (response.stderr) process.stderr.write(response.stderr)
if (response.hangMs) await sleep(response.hangMs)
process.exitCode = response.code ?? 0
