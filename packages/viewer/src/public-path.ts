// cornerstone-wado-image-loader is a webpack bundle built with `publicPath: 'auto'`: as it starts it looks for
// the URL of the script running it (`document.currentScript`, else the last `<script src>` of the page) and
// throws "Automatic publicPath is not supported in this browser" when there is none, which is what an ES
// module chunk sees on a page whose last script is inline (Storybook's, many partners'). It fetches nothing
// by that URL (its worker and codecs are inlined), so this module, imported by engine.ts before the loader,
// lends it this chunk's URL while it starts; engine.ts hands the document back right after.
const doc: Document | undefined = globalThis.document
let restore: (() => void) | undefined

if (doc && !doc.currentScript) {
  Object.defineProperty(doc, 'currentScript', {
    configurable: true,
    get: () => ({ src: import.meta.url }),
  })
  restore = () => {
    delete (doc as { currentScript?: unknown }).currentScript
  }
}

export function restoreCurrentScript(): void {
  restore?.()
  restore = undefined
}
