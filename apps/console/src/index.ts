export { TesseraConsole, CONSOLE_TAG } from './tessera-console.js'
export { TesseraConsoleSignIn, SIGN_IN_TAG } from './console-sign-in.js'
export type { SignedInDetail } from './console-sign-in.js'
export { TesseraConsoleSettings, SETTINGS_TAG, SETTINGS_FIELDS } from './console-settings.js'
export { TesseraConsoleModels, MODELS_TAG } from './console-models.js'
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
