import { HttpContext } from '@adonisjs/core/http'
import { SimpleMessagesProvider } from '@vinejs/vine'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'

/**
 * Validation messages in the caller's language. The console and the widgets show each 422 error
 * beside its field, so a message speaks of the value, not the field's name. The language comes from
 * the request's `Accept-Language` (Korean when it is preferred); English is VineJS's own text.
 * Rules without a Korean text here keep the English one.
 */
const KOREAN: Record<string, string> = {
  required: '이 항목을 입력하세요.',
  requiredWhen: '이 항목을 입력하세요.',
  requiredIfExists: '이 항목을 입력하세요.',
  requiredIfAnyExists: '이 항목을 입력하세요.',
  string: '문자열이어야 합니다.',
  email: '올바른 이메일 주소를 입력하세요.',
  url: '올바른 URL을 입력하세요.',
  activeUrl: '접속할 수 있는 URL을 입력하세요.',
  regex: '형식이 올바르지 않습니다.',
  minLength: '{{ min }}자 이상 입력하세요.',
  maxLength: '{{ max }}자 이하로 입력하세요.',
  fixedLength: '{{ size }}자로 입력하세요.',
  alpha: '영문자만 입력할 수 있습니다.',
  alphaNumeric: '영문자와 숫자만 입력할 수 있습니다.',
  uuid: '올바른 UUID가 아닙니다.',
  enum: '허용된 값 중 하나를 선택하세요: {{ choices }}.',
  in: '허용된 값 중 하나를 선택하세요.',
  notIn: '사용할 수 없는 값입니다.',
  number: '숫자를 입력하세요.',
  boolean: '예 또는 아니요여야 합니다.',
  min: '{{ min }} 이상이어야 합니다.',
  max: '{{ max }} 이하여야 합니다.',
  range: '{{ min }}에서 {{ max }} 사이여야 합니다.',
  positive: '양수여야 합니다.',
  negative: '음수여야 합니다.',
  withoutDecimals: '정수를 입력하세요.',
  decimal: '소수 자릿수가 올바르지 않습니다.',
  date: '올바른 날짜를 입력하세요.',
  'date.equals': '날짜가 맞지 않습니다.',
  'date.after': '더 늦은 날짜여야 합니다.',
  'date.before': '더 이른 날짜여야 합니다.',
  array: '목록이어야 합니다.',
  'array.minLength': '{{ min }}개 이상이어야 합니다.',
  'array.maxLength': '{{ max }}개 이하여야 합니다.',
  'array.fixedLength': '{{ size }}개여야 합니다.',
  'array.notEmpty': '하나 이상 입력하세요.',
  distinct: '중복된 값이 있습니다.',
  object: '객체여야 합니다.',
  record: '객체여야 합니다.',
  literal: '{{ expectedValue }}이어야 합니다.',
  sameAs: '{{ otherField }} 항목과 같아야 합니다.',
  notSameAs: '{{ otherField }} 항목과 달라야 합니다.',
  confirmed: '확인 값이 일치하지 않습니다.',
  accepted: '동의가 필요합니다.',
  startsWith: '{{ substring }}(으)로 시작해야 합니다.',
  endsWith: '{{ substring }}(으)로 끝나야 합니다.',
  unknownProperties: '알 수 없는 항목입니다.',
}

/** The caller prefers Korean: its Accept-Language lists `ko` before any other language. */
export function prefersKorean(acceptLanguage: string | undefined): boolean {
  const first = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1
      )
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0 }
    })
    .filter((l) => l.tag && l.q > 0)
    .sort((a, b) => b.q - a.q)[0]
  return first?.tag === 'ko' || first?.tag.startsWith('ko-') === true
}

function interpolate(template: string, args: Record<string, unknown> = {}): string {
  return template.replace(/{{\s*(\w+)\s*}}/g, (_, key: string) => {
    const value = args[key]
    return Array.isArray(value) ? value.join(', ') : String(value ?? '')
  })
}

export class LocalizedMessagesProvider implements MessagesProviderContact {
  /** VineJS's own provider fills in the English templates (`{{ field }}`, `{{ max }}`, …). */
  #english = new SimpleMessagesProvider({})

  getMessage(defaultMessage: string, rule: string, field: FieldContext, args?: Record<string, unknown>) {
    const template = KOREAN[rule]
    if (template && prefersKorean(HttpContext.get()?.request.header('accept-language')))
      return interpolate(template, args)
    return this.#english.getMessage(defaultMessage, rule, field, args)
  }
}
