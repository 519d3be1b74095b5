import { defineConfig } from '@adonisjs/core/bodyparser'

/*
 * JSON is the only body the API parses. A larger body is refused with 413 before it is buffered
 * (the Content-Length is checked first); other media types are refused with 415 by the
 * require_json middleware.
 */
const bodyParserConfig = defineConfig({
  allowedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  json: {
    encoding: 'utf-8',
    limit: '1mb',
    strict: true,
    types: [
      'application/json',
      'application/json-patch+json',
      'application/vnd.api+json',
      'application/csp-report',
    ],
    convertEmptyStringsToNull: true,
  },
  form: {
    encoding: 'utf-8',
    limit: '64kb',
    queryString: {},
    types: ['application/x-www-form-urlencoded'],
    convertEmptyStringsToNull: true,
  },
  raw: {
    encoding: 'utf-8',
    limit: '1mb',
    types: ['text/*'],
  },
  multipart: {
    autoProcess: false,
    processManually: [],
    convertEmptyStringsToNull: true,
    fieldsLimit: '64kb',
    limit: '2mb',
    types: ['multipart/form-data'],
  },
})

export default bodyParserConfig
