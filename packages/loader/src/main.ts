// tessera.js: the one classic script partners embed. Reads its own tag (document.currentScript is only
// set while this runs synchronously), starts the cookie-consent core (Consent Mode defaults go out first),
// then sets up the runtime and loads element bundles on demand.
import { boot } from './boot.js'
import { startConsent } from './consent/core.js'
import { findLoaderScript, parseScriptOptions } from './script-options.js'

const script = findLoaderScript(document)
if (!script) {
  console.warn('[Tessera] tessera.js could not find its own <script> tag; nothing was loaded.')
} else if (window.Tessera) {
  console.warn('[Tessera] tessera.js is included more than once; the first copy is used.')
} else {
  const options = parseScriptOptions(script, location.href)
  const consent = startConsent({ apiBase: options.apiBase, key: options.key })
  window.Tessera = { ...boot(options, { onElement: consent.added }), consent: consent.api }
}
