import { sampleWidgetConfig, type WidgetConfig } from '../src/index.js'

export function makeConfig(overrides: Partial<WidgetConfig> = {}): WidgetConfig {
  return { ...sampleWidgetConfig({ tenant: { id: 'tn_test' } }), ...overrides }
}

export function jsonResponse(body: unknown, status = 200, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } })
}
