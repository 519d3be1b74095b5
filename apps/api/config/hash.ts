import app from '@adonisjs/core/services/app'
import { defineConfig, drivers } from '@adonisjs/core/hash'

/*
 * scrypt ships with Node (no native add-on to build) and is a memory-hard, current algorithm.
 * Parameters follow OWASP's scrypt guidance (N=2^17, r=8, p=1); the test suite uses N=2^14 so
 * creating hundreds of test admins stays fast (same algorithm and code path).
 */
const hashConfig = defineConfig({
  default: 'scrypt',
  list: {
    scrypt: drivers.scrypt({
      cost: app.inTest ? 16384 : 131072,
      blockSize: 8,
      parallelization: 1,
      maxMemory: 256 * 1024 * 1024,
    }),
  },
})

export default hashConfig

declare module '@adonisjs/core/types' {
  export interface HashersList extends InferHashers<typeof hashConfig> {}
}
import type { InferHashers } from '@adonisjs/core/types'
