import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { isAbsolute, resolve } from 'node:path'

/*
 * Where the built widget files live (packages/loader/dist) and the seeded demo tenant.
 */
const dir = env.get('WIDGETS_DIR') ?? '../../packages/loader/dist'

const widgetsConfig = {
  directory: isAbsolute(dir) ? dir : resolve(app.makePath(), dir),
  /** Public path segment; bump on a breaking change of the loader contract. */
  version: 'v1',
  demo: {
    publishableKey: env.get('DEMO_PUBLISHABLE_KEY') ?? 'pk_demo_local_only_0000000000000000',
    origin: env.get('DEMO_ORIGIN') ?? 'http://localhost:3400',
  },
}

export default widgetsConfig
