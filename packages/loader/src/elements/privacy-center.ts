// Bundle entry: elements/privacy-center.js defines <tessera-privacy-center>.
import '@tessera/consent-widget/privacy-center'
