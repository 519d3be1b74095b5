import { bundleForTag } from './bundles.js'
import type { BundleName } from './bundles.js'

/** Bundles needed for the not-yet-defined Tessera elements in `root` (the root itself included). */
export function pendingBundles(
  root: ParentNode,
  registry: CustomElementRegistry = customElements
): Set<BundleName> {
  const found = new Set<BundleName>()
  const consider = (el: Element) => {
    const tag = el.localName
    if (!tag.startsWith('tessera-') || registry.get(tag)) return
    const bundle = bundleForTag(tag)
    if (bundle) found.add(bundle)
  }
  if (root instanceof Element) consider(root)
  root.querySelectorAll(':not(:defined)').forEach(consider)
  return found
}

/**
 * Calls `onBundles` for Tessera elements added to the document later (SPA navigation, lazy markup), and
 * `onElement` (the consent core's blocker) for every added element.
 */
export function watchForElements(
  root: Node,
  onBundles: (bundles: Set<BundleName>) => void,
  onElement?: (element: Element) => void
): MutationObserver {
  const observer = new MutationObserver((records) => {
    const bundles = new Set<BundleName>()
    for (const record of records) {
      record.addedNodes.forEach((node) => {
        if (node instanceof Element) {
          onElement?.(node)
          pendingBundles(node).forEach((b) => bundles.add(b))
        }
      })
    }
    if (bundles.size) onBundles(bundles)
  })
  observer.observe(root, { childList: true, subtree: true })
  return observer
}
