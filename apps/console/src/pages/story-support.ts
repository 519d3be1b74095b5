// Shared by the Consent, Statistics and Audit log stories (not part of the bundle).
import type { FixtureRoute } from '../fixtures.js'

/** A stand-in route that never answers its paths: the page stays in its loading state. */
export const neverAnswers =
  (prefix: string): FixtureRoute =>
  ({ route }) =>
    route.includes(prefix) ? new Promise<Response>(() => {}) : null

/** Waits for `selector` in the element's shadow root (up to 5 s), for play functions. */
export async function shadowQuery<T extends Element>(host: Element | null, selector: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const found = host?.shadowRoot?.querySelector<T>(selector)
    if (found) return found
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`${selector} did not appear`)
}

/** Types into an input as a person would (an `input` event after the value). */
export function typeInto(input: HTMLInputElement, value: string) {
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
}
