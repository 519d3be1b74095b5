import { html } from 'lit'
import type { TemplateResult } from 'lit'
import type { ConsoleApi, WhoAmI } from './api.js'
import type { Locale, MessageKey } from './messages.js'
import './console-settings.js'
import './console-models.js'
import './pages/consent/console-consent.js'
import './pages/statistics/console-statistics.js'
import './pages/audit/console-audit.js'
import './pages/newsletters/console-newsletters.js'
import './pages/members/console-members.js'
import './pages/requests/console-requests.js'
import './pages/policy/console-policy.js'
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
 * Pages fire `console-session-ended` (bubbling, composed) when the API answers 401, and may fire
 * `console-subpath` (detail: the new subpath) when they move within themselves.
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
    path: 'policy',
    label: 'navPolicy',
    permission: 'tenant.read',
    render: (c) =>
      html`<tessera-console-policy
        .api=${c.api}
        .locale=${c.locale}
        .roleLabel=${c.roleLabel}
        version-id=${c.subpath}
        ?can-edit=${can(c, 'policy.edit')}
        ?can-publish=${can(c, 'policy.publish')}
      ></tessera-console-policy>`,
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
  {
    path: 'consent',
    label: 'navConsent',
    permission: 'consent.read',
    render: (c) =>
      html`<tessera-console-consent
        .api=${c.api}
        .locale=${c.locale}
        .roleLabel=${c.roleLabel}
        ?can-export=${can(c, 'consent.export')}
      ></tessera-console-consent>`,
  },
  {
    path: 'requests',
    label: 'navRequests',
    permission: 'requests.handle',
    render: (c) =>
      html`<tessera-console-requests
        .api=${c.api}
        .locale=${c.locale}
        .roleLabel=${c.roleLabel}
        .subpath=${c.subpath}
      ></tessera-console-requests>`,
  },
  {
    path: 'members',
    label: 'navMembers',
    permission: 'members.read',
    render: (c) =>
      html`<tessera-console-members
        .api=${c.api}
        .locale=${c.locale}
        .memberId=${c.subpath}
        ?can-export=${can(c, 'consent.export')}
        ?can-read-usage=${can(c, 'usage.read')}
        ?can-open-requests=${can(c, 'requests.handle')}
      ></tessera-console-members>`,
  },
  {
    path: 'newsletters',
    label: 'navNewsletters',
    permission: 'newsletters.read',
    render: (c) =>
      html`<tessera-console-newsletters
        .api=${c.api}
        .locale=${c.locale}
        role-label=${c.roleLabel}
        subpath=${c.subpath}
        ?can-manage=${can(c, 'newsletters.manage')}
        ?can-see-recipients=${can(c, 'newsletters.recipients')}
      ></tessera-console-newsletters>`,
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
    path: 'statistics',
    label: 'navStatistics',
    permission: 'statistics.read',
    render: (c) =>
      html`<tessera-console-statistics .api=${c.api} .locale=${c.locale}></tessera-console-statistics>`,
  },
  {
    path: 'audit',
    label: 'navAudit',
    permission: 'audit.read',
    render: (c) => html`<tessera-console-audit .api=${c.api} .locale=${c.locale}></tessera-console-audit>`,
  },
]
