// Typed errors: callers (API problem details, widgets) branch on `code`, never on message text.

export type PolicyTextErrorCode =
  'unknown_variable' | 'template_syntax' | 'unsupported_locale' | 'invalid_model' | 'invalid_format'

export class PolicyTextError extends Error {
  readonly code: PolicyTextErrorCode

  constructor(code: PolicyTextErrorCode, message: string) {
    super(message)
    this.name = 'PolicyTextError'
    this.code = code
  }
}

/** A template names a variable that does not exist, or its `{{…}}` syntax is broken. */
export class PolicyTemplateError extends PolicyTextError {
  /** The offending variable name (for `unknown_variable`) or tag text (for `template_syntax`). */
  readonly variable: string
  /** Character offset of the tag in the template source. */
  readonly offset: number

  constructor(
    code: 'unknown_variable' | 'template_syntax',
    variable: string,
    offset: number,
    detail?: string
  ) {
    super(
      code,
      code === 'unknown_variable'
        ? `Unknown template variable "${variable}" at offset ${offset}`
        : `Template syntax error at offset ${offset}: ${detail ?? variable}`
    )
    this.name = 'PolicyTemplateError'
    this.variable = variable
    this.offset = offset
  }
}

export class UnsupportedLocaleError extends PolicyTextError {
  readonly locale: string
  readonly supported: readonly string[]

  constructor(locale: string, supported: readonly string[]) {
    super('unsupported_locale', `Unsupported locale "${locale}"; supported locales: ${supported.join(', ')}`)
    this.name = 'UnsupportedLocaleError'
    this.locale = locale
    this.supported = supported
  }
}

/** The policy data itself is unusable (bad section id, duplicate keys, unknown render format…). */
export class PolicyModelError extends PolicyTextError {
  readonly path: string

  constructor(path: string, message: string, code: 'invalid_model' | 'invalid_format' = 'invalid_model') {
    super(code, `${path}: ${message}`)
    this.name = 'PolicyModelError'
    this.path = path
  }
}
