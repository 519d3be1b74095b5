// Shared by the Consent, Statistics, Audit log and chart tests.
import axe from 'axe-core'
import { vi } from 'vitest'

export async function violations(root: Element) {
  const result = await axe.run(root, { resultTypes: ['violations'] })
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`)
}

export const $ = <T extends Element = HTMLElement>(el: Element, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector) as T

export const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => [
  ...el.shadowRoot!.querySelectorAll<T>(selector),
]

export async function until(check: () => boolean, what = 'condition') {
  await vi.waitFor(
    () => {
      if (!check()) throw new Error(`waiting for ${what}`)
    },
    { timeout: 5000 }
  )
}

export function type(input: HTMLInputElement, value: string) {
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
}

/** The numbers of a chart's data table, column by column (`data-value` of each cell). */
export function chartColumns(chart: Element) {
  const rows = $$(chart, 'tbody tr')
  const width = rows[0]?.querySelectorAll('td').length ?? 0
  return Array.from({ length: width }, (_, column) =>
    rows.map((row) => Number(row.querySelectorAll('td')[column]!.dataset.value))
  )
}

/**
 * Catches the console's downloads (a link clicked with `download`): the file name and the file's
 * text, read from the object URL before it is revoked.
 */
export function catchDownloads() {
  const files: { name: string; text: Promise<string>; type: Promise<string> }[] = []
  const spy = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement
  ) {
    const blob = fetch(this.href).then((r) => r.blob())
    files.push({ name: this.download, text: blob.then((b) => b.text()), type: blob.then((b) => b.type) })
  })
  return { files, restore: () => spy.mockRestore() }
}
