// The WADO loader (a webpack bundle) looks for the URL of the script running it when it starts and throws when
// the page has none: inside an ES module chunk, on a page whose scripts are all inline or gone (Storybook, many
// partner pages). The engine must start anyway, and give `document.currentScript` back afterwards.
import { expect, it } from 'vitest'

it('the engine starts on a page without any <script src>, and leaves document.currentScript as it was', async () => {
  for (const script of document.querySelectorAll('script')) script.remove()
  expect(document.querySelector('script[src]')).toBeNull()
  const engine = await import('../src/engine.js')
  expect(typeof engine.openImage).toBe('function')
  expect(document.currentScript).toBeNull()
  expect(Object.getOwnPropertyDescriptor(document, 'currentScript')).toBeUndefined()
})
