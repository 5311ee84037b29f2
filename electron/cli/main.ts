import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'

import type { AppErrorData } from '../contract/errors.ts'
import type { DoctorReport } from '../contract/models.ts'
import { toErrorData } from '../core/app-error.ts'
import type { Core } from '../core/create-core.ts'
import { defaultDataDir } from '../core/paths.ts'
import { clusterCommands } from './cluster-commands.ts'
import { formatError, formatFindings, processOut, type Out } from './output.ts'
import { serveCommand } from './serve.ts'

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const

export interface CliContext {
  core: Core
  out: Out
  json: boolean
  values: Record<string, string | boolean | string[] | undefined>
  signal: AbortSignal
}

export interface CliCommand {
  summary: string
  usage: string
  options: ParseArgsOptionsConfig
  run(ctx: CliContext): Promise<number>
}

const doctor: CliCommand = {
  summary: 'Check that this machine can run the Layer8 cluster',
  usage: 'l8dev doctor [--json]',
  options: {},
  run: async ({ core, out, json }) => {
    const r = await core.dispatcher.call('doctor.run', {})
    if (!r.ok) return fail(out, json, r.error)
    const report = r.value as DoctorReport
    out.stdout(
      json ? JSON.stringify(report, null, 2) : `${formatFindings(report.findings)}\n\nOverall: ${report.overall}`
    )
    return report.overall === 'fail' ? EXIT.failed : EXIT.ok
  }
}

export const COMMANDS: Record<string, CliCommand> = { doctor, serve: serveCommand, ...clusterCommands }

export function fail(out: Out, json: boolean, error: AppErrorData): number {
  if (json) out.stdout(JSON.stringify({ error }, null, 2))
  else out.stderr(formatError(error))
  return EXIT.failed
}

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length))
  return [
    'l8dev: the Layer8 development cluster from the command line',
    '',
    'Usage: l8dev <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --help and --json (machine-readable output on stdout).',
    'Exit codes: 0 success, 1 failed (or a doctor check failed), 2 bad usage, 130 interrupted.',
    `Data folder: ${defaultDataDir()} (override with L8_DATA_DIR).`
  ].join('\n')
}

function commandHelp(name: string, c: CliCommand): string {
  const opts = Object.entries(c.options).map(([k, o]) => `  --${k}${o.type === 'string' ? ' <value>' : ''}`)
  return (
    [`${c.summary}.`, '', `Usage: ${c.usage}`, '', 'Options:', ...opts, '  --json', '  --help'].join('\n') +
    (name === 'doctor' ? '\n\nExits 1 when a check fails, 0 when every check is ok or a warning.' : '')
  )
}

export async function main(argv: string[], out: Out = processOut): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out.stdout(mainHelp())
    return name === undefined ? EXIT.usage : EXIT.ok
  }
  const command = COMMANDS[name]
  if (command === undefined) {
    out.stderr(`Unknown command "${name}".\n\n${mainHelp()}`)
    return EXIT.usage
  }
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
      strict: true
    })
  } catch (err) {
    out.stderr(`${err instanceof Error ? err.message : String(err)}\n\nUsage: ${command.usage}`)
    return EXIT.usage
  }
  if (parsed.values['help'] === true) {
    out.stdout(commandHelp(name, command))
    return EXIT.ok
  }
  const controller = new AbortController()
  const onSigint = (): void => controller.abort()
  process.once('SIGINT', onSigint)
  // Loaded only when a command runs, so --help answers at once.
  const { createCore } = await import('../core/create-core.ts')
  const core = createCore({ face: 'cli', dataDir: defaultDataDir() })
  try {
    return await runCommand(command, core, out, parsed.values, controller)
  } catch (err) {
    return fail(out, parsed.values['json'] === true, toErrorData(err))
  } finally {
    process.off('SIGINT', onSigint)
    await core.dispose()
  }
}

async function runCommand(
  command: CliCommand,
  core: Core,
  out: Out,
  values: ReturnType<typeof parseArgs>['values'],
  controller: AbortController
): Promise<number> {
  const code = await command.run({
    core,
    out,
    json: values['json'] === true,
    values: values as CliContext['values'],
    signal: controller.signal
  })
  return controller.signal.aborted && code !== EXIT.ok ? EXIT.interrupted : code
}
