// Bundle entry: elements/consent.js defines the privacy contact and the sign-up/consent element.
import '@tessera/consent-widget/privacy-contact'
import '@tessera/consent-widget/consent'
