import { html } from 'lit'
import type { TemplateResult } from 'lit'
import type { ConsoleApi, WhoAmI } from './api.js'
import type { Locale, MessageKey } from './messages.js'
import './console-settings.js'
import './console-models.js'
import './pages/purposes/console-purposes.js'

/** What the shell hands to every page. */
export interface PageContext {
  api: ConsoleApi
  locale: Locale
  /** The signed-in role, in the console's language ("privacy officer"). */
  roleLabel: string
  /** The permissions of the signed-in role (GET /v1/admin/session). */
  permissions: readonly string[]
  who: WhoAmI
  /** What follows the page's own path in the address (`/console/requests/req_1` → `req_1`), or ''. */
  subpath: string
}

/**
 * One page of the console: its path under /console/, its navigation label, the permission without
 * which it is neither listed nor shown (the API refuses the calls as well), and how it renders.
 * Pages fire `console-session-ended` (bubbling, composed) when the API answers 401.
 */
export interface ConsolePage {
  path: string
  label: MessageKey
  permission: string
  render(context: PageContext): TemplateResult
}

const can = (context: PageContext, permission: string) => context.permissions.includes(permission)

/** The console's pages, in navigation order; the first one is where a sign-in lands. */
export const PAGES: readonly ConsolePage[] = [
  {
    path: 'settings',
    label: 'navSettings',
    permission: 'tenant.read',
    render: (c) =>
      html`<tessera-console-settings
        .api=${c.api}
        .locale=${c.locale}
        .roleLabel=${c.roleLabel}
        ?can-edit=${can(c, 'tenant.update')}
        ?can-manage-keys=${can(c, 'keys.manage')}
      ></tessera-console-settings>`,
  },
  {
    path: 'models',
    label: 'navModels',
    permission: 'models.read',
    render: (c) =>
      html`<tessera-console-models
        .api=${c.api}
        .locale=${c.locale}
        .roleLabel=${c.roleLabel}
        ?can-manage=${can(c, 'models.manage')}
      ></tessera-console-models>`,
  },
  {
    path: 'purposes',
    label: 'navPurposes',
    permission: 'tenant.read',
    render: (c) =>
      html`<tessera-console-purposes
        .api=${c.api}
        .locale=${c.locale}
        .roleLabel=${c.roleLabel}
        ?can-edit=${can(c, 'tenant.update')}
        ?can-read-keys=${can(c, 'keys.manage')}
      ></tessera-console-purposes>`,
  },
]
