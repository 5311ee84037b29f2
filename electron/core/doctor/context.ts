import type { HostEnv } from '../process/search-path.ts'
import type { Runner } from '../process/run.ts'

/** The edges the doctor touches, passed in so tests can point them at stubs. */
export interface DoctorContext {
  host: HostEnv
  arch: string
  run: Runner
  readTextFile(path: string): Promise<string>
  /** Free bytes on the file system holding `path`. */
  freeBytes(path: string): Promise<number>
}
