// @tessera/policy-text — one source of truth for policy rules, shared by the API and the widgets.
// Pure TypeScript: no DOM, no Node APIs, no clock, no randomness.

export * from './model.js'
export * from './errors.js'
export { DEFAULT_SETTINGS, LEGAL_MINIMUM_NOTICE_DAYS, resolveSettings } from './settings.js'
export {
  TEMPLATE_VARIABLES,
  fillTemplate,
  templateVariables,
  validateTemplate,
  type FillOptions,
  type TemplateValue,
  type TemplateVariables,
} from './template.js'
export {
  escapeHtml,
  escapeMarkdown,
  isEmailAddress,
  isSafeUrl,
  parseInline,
  parseMarkdown,
  blocksToHtml,
  blocksToMarkdown,
  blocksToText,
  type Block,
  type Inline,
} from './markdown.js'
export {
  buildDocument,
  sectionAnchor,
  tableOfContents,
  type DocumentSection,
  type PolicyDocument,
  type TocEntry,
} from './document.js'
export { render, RENDER_FORMATS, type RenderFormat } from './render.js'
export {
  diff,
  settingsDrift,
  sameData,
  type ItemField,
  type KeyedChange,
  type KeyedChanges,
  type OtherPart,
  type PolicyDiff,
  type ProseChange,
  type PurposeChange,
  type PurposeField,
  type SettingChange,
} from './diff.js'
export { summary } from './summary.js'
export {
  earliestEffectiveDate,
  noticeDays,
  validateSchedule,
  type NoticeSettings,
  type ScheduleErrorCode,
  type ScheduleInput,
  type ScheduleResult,
} from './schedule.js'
export { currentVersion, versionStatus, type VersionStatus, type VersionTiming } from './status.js'
export {
  complaintAuthoritiesFor,
  EU_AUTHORITIES_BY_COUNTRY,
  EU_AUTHORITY_DIRECTORY,
  KR_AUTHORITIES,
} from './authorities.js'
export {
  defaultPolicy,
  defaultRetention,
  DEFAULT_COOKIES,
  DEFAULT_ITEMS,
  DEFAULT_PURPOSES,
  DEFAULT_SAFETY,
  type DefaultPolicyOptions,
} from './default-policy.js'
export { EN_SECTIONS } from './templates/en.js'
export { KO_SECTIONS } from './templates/ko.js'
export { COUNTRY_CODES, EEA_COUNTRY_CODES } from './countries.js'
export {
  addMonthsClamped,
  endOfLocalDay,
  extendDeadline,
  requestDeadline,
  type Deadline,
  type DeadlineInput,
  type ExtensionResult,
  type RequestRegime,
} from './deadlines.js'
