// Importing this module defines the consent package's custom elements (each file defines its own).
export { TesseraPrivacyContact, PRIVACY_CONTACT_TAG } from './tessera-privacy-contact.js'
export { TesseraPolicy, POLICY_TAG } from './tessera-policy.js'
export type { TesseraPolicyReadyDetail, TesseraPolicyVersionChangeDetail } from './tessera-policy.js'
export type {
  PolicyDiff,
  PolicyOverview,
  PolicyTocEntry,
  PolicyVersionDocument,
  PolicyVersionStatus,
  PolicyVersionSummary,
} from './policy/api.js'
