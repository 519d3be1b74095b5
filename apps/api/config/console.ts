import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { isAbsolute, resolve } from 'node:path'

/*
 * Where the built admin console lives (apps/console/dist), served under /console.
 */
const dir = env.get('CONSOLE_DIR') ?? '../console/dist'

const consoleConfig = {
  directory: isAbsolute(dir) ? dir : resolve(app.makePath(), dir),
}

export default consoleConfig
