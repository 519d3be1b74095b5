export * from './lite.js'
export * from './styles.js'
export * from './tessera-element.js'
export * from './sample-config.js'
