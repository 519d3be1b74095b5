// Everything in widget-core that does not need Lit: safe for the loader script, which must stay tiny.
export * from './types.js'
export * from './errors.js'
export * from './client.js'
export * from './runtime.js'
export * from './theme.js'
export * from './i18n.js'
export * from './member-session.js'
export * from './cookie-consent.js'
