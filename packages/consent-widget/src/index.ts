// Importing this module defines the consent package's custom elements (each file defines its own).
export { TesseraPrivacyContact, PRIVACY_CONTACT_TAG } from './tessera-privacy-contact.js'
