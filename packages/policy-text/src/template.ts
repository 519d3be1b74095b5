// A deliberately small template language for policy prose:
//   {{ name }}                       the value of a named variable (escaped for the Markdown subset)
//   {{#if name}} … {{else}} … {{/if}}  a block kept when the variable is truthy
//   {{#unless name}} … {{/unless}}    a block kept when the variable is falsy
// Unknown variables and malformed tags throw PolicyTemplateError; nothing ever renders as "undefined".

import { PolicyTemplateError } from './errors.js'
import { escapeMarkdown } from './markdown.js'
import type { PolicySettings, PolicyVersion, TenantPolicyContext } from './model.js'
import { resolveSettings } from './settings.js'

export type TemplateValue = string | number | boolean
export type TemplateVariables = Readonly<Record<string, TemplateValue>>

const SETTING_NAMES = [
  'imageRetentionHours',
  'dormancyEnabled',
  'dormancyDays',
  'dormantDestroyYears',
  'minorNoticeDays',
  'significantNoticeDays',
  'privacyRequestDeadlineDays',
] as const satisfies readonly (keyof PolicySettings)[]

/** Every variable a policy template may use. */
export const TEMPLATE_VARIABLES: readonly string[] = [
  'tenant.name',
  'tenant.legalName',
  'tenant.country',
  'tenant.email',
  'tenant.website',
  'officer.name',
  'officer.department',
  'officer.email',
  ...SETTING_NAMES.map((name) => `settings.${name}`),
]

/**
 * Variables for one rendering: tenant identity from the tenant, officer and settings from the version
 * (the snapshot its retention rules and notice periods were written against).
 */
export function templateVariables(
  version: Pick<PolicyVersion, 'officer' | 'settings'>,
  tenant: TenantPolicyContext
): TemplateVariables {
  const settings = resolveSettings(version.settings)
  const vars: Record<string, TemplateValue> = {
    'tenant.name': tenant.name,
    'tenant.legalName': tenant.legalName,
    'tenant.country': tenant.country,
    'tenant.email': tenant.contactEmail,
    'tenant.website': tenant.website,
    'officer.name': version.officer.name,
    'officer.department': version.officer.department,
    'officer.email': version.officer.email,
  }
  for (const name of SETTING_NAMES) vars[`settings.${name}`] = settings[name]
  return vars
}

type Node =
  | { type: 'text'; value: string }
  | { type: 'var'; name: string; offset: number }
  | { type: 'if'; name: string; negate: boolean; then: Node[]; otherwise: Node[]; offset: number }

const NAME = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*$/

interface Frame {
  node: Extract<Node, { type: 'if' }> | null
  target: Node[]
  sawElse: boolean
}

function parse(source: string, known: (name: string) => boolean): Node[] {
  const root: Node[] = []
  const stack: Frame[] = [{ node: null, target: root, sawElse: false }]
  const top = (): Frame => stack[stack.length - 1] as Frame
  let pos = 0
  while (pos < source.length) {
    const open = source.indexOf('{{', pos)
    if (open === -1) {
      top().target.push({ type: 'text', value: source.slice(pos) })
      break
    }
    if (open > pos) top().target.push({ type: 'text', value: source.slice(pos, open) })
    const close = source.indexOf('}}', open + 2)
    if (close === -1) throw new PolicyTemplateError('template_syntax', '{{', open, 'unclosed "{{"')
    const tag = source.slice(open + 2, close).trim()
    pos = close + 2
    const block = /^#(if|unless)\s+(\S+)$/.exec(tag)
    if (block) {
      const name = block[2] as string
      if (!NAME.test(name) || !known(name)) throw new PolicyTemplateError('unknown_variable', name, open)
      const node: Extract<Node, { type: 'if' }> = {
        type: 'if',
        name,
        negate: block[1] === 'unless',
        then: [],
        otherwise: [],
        offset: open,
      }
      top().target.push(node)
      stack.push({ node, target: node.then, sawElse: false })
    } else if (tag === 'else') {
      const frame = top()
      if (!frame.node || frame.sawElse)
        throw new PolicyTemplateError('template_syntax', tag, open, 'stray {{else}}')
      frame.sawElse = true
      frame.target = frame.node.otherwise
    } else if (tag === '/if' || tag === '/unless') {
      const frame = top()
      const expected = frame.node?.negate ? '/unless' : '/if'
      if (!frame.node || tag !== expected) {
        throw new PolicyTemplateError('template_syntax', tag, open, `unexpected {{${tag}}}`)
      }
      stack.pop()
    } else if (NAME.test(tag)) {
      if (!known(tag)) throw new PolicyTemplateError('unknown_variable', tag, open)
      top().target.push({ type: 'var', name: tag, offset: open })
    } else {
      throw new PolicyTemplateError('template_syntax', tag, open, `malformed tag "{{${tag}}}"`)
    }
  }
  const unclosed = top().node
  if (unclosed) {
    throw new PolicyTemplateError('template_syntax', unclosed.name, unclosed.offset, 'block is never closed')
  }
  return root
}

function emit(nodes: readonly Node[], vars: TemplateVariables, escape: (v: string) => string): string {
  let out = ''
  for (const node of nodes) {
    if (node.type === 'text') out += node.value
    else if (node.type === 'var') {
      const value = vars[node.name]
      if (value === undefined) throw new PolicyTemplateError('unknown_variable', node.name, node.offset)
      out += escape(String(value))
    } else {
      const value = vars[node.name]
      if (value === undefined) throw new PolicyTemplateError('unknown_variable', node.name, node.offset)
      const truthy = value !== false && value !== 0 && value !== ''
      out += emit(truthy !== node.negate ? node.then : node.otherwise, vars, escape)
    }
  }
  return out
}

export interface FillOptions {
  /** 'markdown' (default) escapes values for the Markdown subset; 'none' inserts them verbatim. */
  readonly escape?: 'markdown' | 'none'
}

/** Fills a template. Throws PolicyTemplateError for unknown variables and broken syntax. */
export function fillTemplate(source: string, vars: TemplateVariables, options: FillOptions = {}): string {
  const nodes = parse(source, (name) => Object.hasOwn(vars, name))
  return emit(nodes, vars, options.escape === 'none' ? (v) => v : escapeMarkdown)
}

/** Checks a template without values: syntax and variable names (e.g. when an admin saves a draft). */
export function validateTemplate(source: string, known: readonly string[] = TEMPLATE_VARIABLES): void {
  parse(source, (name) => known.includes(name))
}
