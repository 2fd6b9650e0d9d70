export * from './org'
export * from './notifications'
export * from './jobs'
