/** Country codes live in policy-text, shared with the widgets. */
export { COUNTRY_CODES, EEA_COUNTRY_CODES } from '@tessera/policy-text'
