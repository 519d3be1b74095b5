import { html, nothing } from 'lit'
import type { Locale } from '../../messages.js'
import type { ChainReport } from './api.js'
import { t } from './messages.js'

/** How many breaks are listed; a tampered chain can have a break on every entry after the first. */
const LISTED_PROBLEMS = 10

/**
 * The result of a hash chain verification (consent ledger, audit log): intact with its entry count,
 * or broken at the first entry at fault with the breaks found. Shared by the Consent and Audit pages.
 */
export function chainReport(report: ChainReport, locale: Locale) {
  const count = new Intl.NumberFormat(locale)
  if (report.ok)
    return html`<p class="chain ok" data-chain="ok">
        <span aria-hidden="true">✓</span>
        ${report.events ? t(locale, 'chainOk', { count: count.format(report.events) }) : t(locale, 'chainEmpty')}
      </p>
      ${
        report.events
          ? html`<p class="hint">
              ${t(locale, 'chainHead')}: <code title=${report.head}>${report.head.slice(0, 16)}…</code>
            </p>`
          : nothing
      }`
  const first = report.problems.reduce((min, p) => Math.min(min, p.seq), Number.POSITIVE_INFINITY)
  return html`<p class="chain broken" data-chain="broken" data-seq=${String(first)}>
      <span aria-hidden="true">✗</span>
      ${t(locale, 'chainBroken', { seq: count.format(first), count: count.format(report.problems.length) })}
    </p>
    <ul class="problems">
      ${report.problems
        .slice(0, LISTED_PROBLEMS)
        .map(
          (p) =>
            html`<li>
              ${t(locale, 'problemEntry', { seq: count.format(p.seq) })}: ${t(locale, `kind.${p.kind}`)}
            </li>`
        )}
      ${
        report.problems.length > LISTED_PROBLEMS
          ? html`<li>
              ${t(locale, 'moreProblems', { count: count.format(report.problems.length - LISTED_PROBLEMS) })}
            </li>`
          : nothing
      }
    </ul>`
}
