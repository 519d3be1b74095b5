// Bundle entry: elements/policy.js defines <tessera-policy>.
import '@tessera/consent-widget/policy'
