// Bundle entry: elements/cookie-settings.js defines <tessera-cookie-settings> (loaded when opened).
import '@tessera/consent-widget/cookie-settings'
