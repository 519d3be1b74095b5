// Shared by the console's end-to-end files: the console build, axe-core in the page, signing in.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { ROOT } from '../scripts/lib/processes.mjs'

const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** The demo tenant's owner (seeded by `node ace demo:seed`). */
export const OWNER = { email: 'owner@hanbit-imaging.example', password: 'demo-owner-password' }

/** Builds the console (cached by turbo when nothing changed). */
export function buildConsole() {
  const build = spawnSync(
    'npx',
    ['turbo', 'run', 'build', '--filter=@tessera/console', '--output-logs=errors-only'],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
    }
  )
  assert.equal(build.status, 0, 'the console builds')
}

/** axe-core in the page (evaluated, so the console's CSP does not stop it); shadow roots included. */
export async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE)
  return page.evaluate(async () =>
    (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`
    )
  )
}

/** Signs in with the keyboard (as the demo owner by default), on whatever console page is open. */
export async function signInAsOwner(page, tenantId, account = OWNER) {
  const tenant = page.locator('tessera-console-sign-in #tenant')
  await tenant.waitFor({ timeout: 15_000 })
  await tenant.focus()
  await page.keyboard.type(tenantId)
  await page.keyboard.press('Tab')
  await page.keyboard.type(account.email)
  await page.keyboard.press('Tab')
  await page.keyboard.type(account.password)
  await page.keyboard.press('Enter')
}
