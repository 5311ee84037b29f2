import { z } from 'zod'

import type { CommandName, CommandParams } from '../../contract/commands.ts'
import type { TopicName, TopicParams } from '../../contract/topics.ts'

const empty = z.strictObject({})
const port = z.number().int().min(1).max(65535)
const taskId = z.string().min(1).max(100)

/** Runtime shapes of every command's params; `satisfies` keeps them in step with the contract. */
export const commandSchemas = {
  'app.info': empty,
  'doctor.run': empty,
  'ports.check': z.strictObject({ ports: z.array(port).min(1).max(64) }),
  'cluster.status': empty,
  'cluster.create': z.strictObject({
    name: z.string().max(60).optional(),
    workers: z.number().int().optional(),
    // Ranges are checked by the cluster config builder, whose errors say what to do.
    remaps: z
      .array(z.strictObject({ from: z.number().int(), to: z.number().int() }))
      .max(32)
      .optional(),
    listenAll: z.boolean().optional(),
    // The reference's syntax is checked by the config builder.
    nodeImage: z.string().max(300).optional()
  }),
  'cluster.start': empty,
  'cluster.stop': empty,
  'cluster.delete': z.strictObject({ confirm: z.literal(true) }),
  'cluster.exportKubeconfig': empty,
  'target.contexts': z.strictObject({ path: z.string().min(1).max(4096) }),
  'target.set': z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('kind') }),
    z.strictObject({
      kind: z.literal('kubeconfig'),
      path: z.string().min(1).max(4096),
      context: z.string().min(1).max(253)
    })
  ]),
  'task.get': z.strictObject({ taskId }),
  'task.list': empty,
  'task.cancel': z.strictObject({ taskId })
} satisfies { [N in CommandName]: z.ZodType<CommandParams<N>> }

export const topicSchemas = {
  ports: z.strictObject({ ports: z.array(port).min(1).max(64) }),
  task: z.strictObject({ taskId }),
  tasks: empty,
  clusterStatus: empty
} satisfies { [N in TopicName]: z.ZodType<TopicParams<N>> }

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'params'}: ${i.message}`)
    .join('; ')
}
