/** Channel names of the desktop face, shared by the main-process bridge and the preload. */
export const IPC = {
  call: 'l8:call',
  subscribe: 'l8:subscribe',
  unsubscribe: 'l8:unsubscribe',
  event: 'l8:event',
  end: 'l8:end',
  openExternal: 'l8:open-external'
} as const
