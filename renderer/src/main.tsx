import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'

import { ApiProvider } from './api/client-context.tsx'
import { pickClient } from './api/pick-client.ts'
import { App } from './App.tsx'
import './styles.css'
import './ui/ui.css'
import './features/doctor/doctor.css'
import './features/cluster/cluster.css'

const root = document.getElementById('root')
if (root === null) throw new Error('index.html has no #root element.')

// One client for the page's lifetime: reconnects happen inside it, not by making a new one.
const client = pickClient()

createRoot(root).render(
  <StrictMode>
    <ApiProvider client={client}>
      <App />
    </ApiProvider>
  </StrictMode>
)
