import { useEffect, useState } from 'react'

import { useApi } from './api/client-context.tsx'
import { ClusterPane } from './features/cluster/ClusterPane.tsx'
import { DoctorScreen } from './features/doctor/DoctorScreen.tsx'
import { trackConnection } from './stores/connection.ts'
import { useDoctorStore } from './stores/doctor.ts'
import { ConnectionBar } from './ui/ConnectionBar.tsx'

type Tab = 'doctor' | 'cluster'

const TABS: { id: Tab; label: string }[] = [
  { id: 'doctor', label: 'Machine check' },
  { id: 'cluster', label: 'Cluster' }
]

export function App() {
  const client = useApi()
  const [tab, setTab] = useState<Tab>('doctor')

  useEffect(() => {
    const tracking = trackConnection(client)
    return () => tracking.dispose()
  }, [client])

  // The machine check is the first thing a new user needs; the store ignores a second run in flight.
  useEffect(() => {
    void useDoctorStore.getState().run(client)
  }, [client])

  return (
    <div className="app">
      <ConnectionBar />
      <nav className="tabs" role="tablist" aria-label="Sections">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={'tab-' + t.id}
            aria-selected={tab === t.id}
            aria-controls="panel"
            data-testid={'tab-' + t.id}
            className={tab === t.id ? 'tab active' : 'tab'}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </nav>
      <main id="panel" role="tabpanel" aria-labelledby={'tab-' + tab}>
        {tab === 'doctor' ? <DoctorScreen /> : <ClusterPane />}
      </main>
    </div>
  )
}
