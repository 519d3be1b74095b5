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
// The cookie elements have their own entry points (the loader builds each as its own bundle; the banner has
// a size budget): import '@tessera/consent-widget/cookie-banner' and '…/cookie-settings' to define them.
export type {
  CookieBannerState,
  TesseraCookieBanner,
  TesseraCookieBannerReadyDetail,
} from './tessera-cookie-banner.js'
export type { TesseraCookieSettings } from './tessera-cookie-settings.js'
export { TesseraConsent, CONSENT_TAG } from './tessera-consent.js'
export type {
  TesseraConsentChangeDetail,
  TesseraConsentReadyDetail,
  TesseraPolicyRequestDetail,
  TesseraSignedInDetail,
} from './tessera-consent.js'
export type { ConsentState, LawfulBasis, Member, MemberPurpose, Purpose } from './members/api.js'
export { TesseraPrivacyCenter, PRIVACY_CENTER_TAG } from './tessera-privacy-center.js'
export type {
  TesseraPrivacyCenterReadyDetail,
  TesseraRequestCreatedDetail,
} from './tessera-privacy-center.js'
export type { MemberData, NewRequest, PrivacyRequest, RequestStatus } from './privacy-center/api.js'
