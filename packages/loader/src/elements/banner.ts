// Bundle entry: elements/banner.js defines <tessera-cookie-banner> (no Lit: it is on every page).
import '@tessera/consent-widget/cookie-banner'
