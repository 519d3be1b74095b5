// The widget config contract with the API (GET /v1/widget/config). Keep in step with apps/api.

export interface TenantInfo {
  id: string
  name: string
  legalName: string
  country: string
  website: string
}

export interface LocaleSettings {
  default: string
  supported: string[]
}

export interface Branding {
  primaryColor?: string | null
  accentColor?: string | null
  textColor?: string | null
  backgroundColor?: string | null
  fontFamily?: string | null
  radius?: string | null
  logoUrl?: string | null
}

export interface PrivacyOfficer {
  name: string
  department: string
  email: string
}

export interface WidgetFeatures {
  consent: boolean
  cookieBanner: boolean
  policy: boolean
  privacyCenter: boolean
  upload: boolean
  viewer: boolean
}

/** What the tenant lets members upload (the API enforces the same limits). */
export interface UploadLimits {
  contentTypes: string[]
  /** Bytes per DICOM file. */
  maxBytes: number
  /** Bytes per PNG or JPEG file. */
  maxRasterBytes: number
  /** Images a member may hold at once. */
  maxFiles: number
  /** Hours until an image is deleted. */
  retentionHours: number
}

export interface WidgetConfig {
  tenant: TenantInfo
  locales: LocaleSettings
  branding: Branding
  officer: PrivacyOfficer
  features: WidgetFeatures
  /** As the API sent it; read through uploadLimitsOf(). */
  uploads: Partial<UploadLimits>
  apiVersion: string
}

/** One entry of a problem+json `errors` array (validation failures). */
export interface ProblemFieldError {
  field: string
  message: string
  rule?: string
}

/** RFC 9457 problem details as the API sends them. */
export interface ProblemDetails {
  type: string
  title: string
  status: number
  detail?: string
  errors?: ProblemFieldError[]
}
