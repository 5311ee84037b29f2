import { create } from 'zustand'

import type { ApiClient, AppErrorData, DoctorReport } from '@contract'

interface DoctorStore {
  report?: DoctorReport
  running: boolean
  error?: AppErrorData
  run: (client: ApiClient) => Promise<void>
}

export const useDoctorStore = create<DoctorStore>()((set, get) => ({
  running: false,
  run: async (client) => {
    // A second click while checking would only race the first answer.
    if (get().running) return
    set({ running: true, error: undefined })
    const result = await client.call('doctor.run', {})
    // The previous report stays on screen when a re-check fails: it is still the best we know.
    set(result.ok ? { running: false, report: result.value } : { running: false, error: result.error })
  }
}))
