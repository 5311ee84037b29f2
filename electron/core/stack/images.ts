/**
 * Images of the Layer8 stack (layer8-stack.md, "Workloads"). Pinned tags travel with their
 * environment; a later deploy uses the same list, so pre-pulled images are the ones it runs.
 */
export const STACK_IMAGES: readonly string[] = [
  'docker.io/dtpthao/forward-proxy:stats-5',
  'docker.io/dtpthao/auth-server:statistics',
  'docker.io/dtpthao/reverse-proxy:stats-4',
  'docker.io/dtpthao/spa-frontend:latest',
  'docker.io/dtpthao/spa-backend:latest',
  'docker.io/library/postgres:13',
  'docker.io/library/influxdb:2',
  'docker.io/library/telegraf:alpine'
]
