export { TesseraConsole, CONSOLE_TAG } from './tessera-console.js'
export { TesseraConsoleSignIn, SIGN_IN_TAG } from './console-sign-in.js'
export type { SignedInDetail } from './console-sign-in.js'
export { TesseraConsoleSettings, SETTINGS_TAG, SETTINGS_FIELDS } from './console-settings.js'
export { TesseraConsoleModels, MODELS_TAG } from './console-models.js'
export { TesseraConsoleMembers, MEMBERS_TAG } from './pages/members/console-members.js'
export { TesseraConsoleMemberProfile, MEMBER_PROFILE_TAG } from './pages/members/console-member-profile.js'
export { TesseraConsolePurposes, PURPOSES_TAG } from './pages/purposes/console-purposes.js'
export { ConsoleApi, ConsoleApiError, TOKEN_KEY } from './api.js'
export type {
  FieldError,
  TenantSettings,
  TenantChanges,
  WhoAmI,
  Role,
  ConsoleModel,
  ModelRegistry,
} from './api.js'
export { TesseraConsoleRequests, REQUESTS_TAG } from './pages/requests/console-requests.js'
export { TesseraConsoleRequestDetail, REQUEST_DETAIL_TAG } from './pages/requests/console-request-detail.js'
export { TesseraConsoleRequestRecord, REQUEST_RECORD_TAG } from './pages/requests/console-request-record.js'
