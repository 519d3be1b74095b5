// Bundle entry: elements/consent.js defines the consent package's elements.
import '@tessera/consent-widget'
