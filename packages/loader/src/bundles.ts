// THE one place that says which element bundle defines which tag. The loader reads it at run time and
// vite.elements.config.ts builds one entry per bundle from it (src/elements/<bundle>.ts → elements/<bundle>.js).

export const ELEMENT_BUNDLES = {
  // Small elements that often share a page (footer contact, sign-up): one bundle.
  'tessera-privacy-contact': 'consent',
  'tessera-consent': 'consent',
  // Heavier, page-specific elements: their own bundles, so other pages never load them.
  'tessera-policy': 'policy',
  'tessera-privacy-center': 'privacy-center',
  'tessera-upload': 'upload',
  // The image viewer: a small entry; cornerstone and the DICOM decoders (about 500 KB gzip) are a separate
  // chunk the element imports only when it shows an image.
  'tessera-viewer': 'viewer',
  // The cookie banner is the first layer on every page: its own tiny bundle without Lit (size budget).
  'tessera-cookie-banner': 'banner',
  // The second layer, loaded only when someone opens the settings.
  'tessera-cookie-settings': 'cookie-settings',
} as const satisfies Record<`tessera-${string}`, string>

export type TesseraTag = keyof typeof ELEMENT_BUNDLES
export type BundleName = (typeof ELEMENT_BUNDLES)[TesseraTag]

export function bundleForTag(tag: string): BundleName | undefined {
  return Object.hasOwn(ELEMENT_BUNDLES, tag) ? ELEMENT_BUNDLES[tag as TesseraTag] : undefined
}

/** The bundle names, once each (build entries). */
export function bundleNames(): BundleName[] {
  return [...new Set(Object.values(ELEMENT_BUNDLES))]
}

/** URL of a bundle, relative to the loader script's own URL. */
export function bundleUrl(bundle: BundleName, scriptSrc: string): string {
  return new URL(`elements/${bundle}.js`, scriptSrc).href
}
