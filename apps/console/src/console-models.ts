import { LitElement, css, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from './api.js'
import type { ConsoleModel, ModelRegistry } from './api.js'
import { msg } from './messages.js'
import type { Locale, MessageKey } from './messages.js'
import { consoleStyles, tableStyles } from './styles.js'
import { failureText } from './failures.js'

export const MODELS_TAG = 'tessera-console-models'

/** `0123456789abcdef…` → `0123456789ab…` (the whole digest stays in the title). */
const shortSha = (sha: string) => (sha.length > 12 ? `${sha.slice(0, 12)}…` : sha)

function formatSize(bytes: number, locale: Locale) {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
  if (bytes < 1024) return `${number.format(bytes)} B`
  if (bytes < 1024 * 1024) return `${number.format(bytes / 1024)} KB`
  return `${number.format(bytes / 1024 / 1024)} MB`
}

/**
 * The Models page: the tenant's model registry from `GET /v1/admin/models` (name, version, digest, size,
 * active) and which model new analyses use. With `canManage` (`models.manage`) a form uploads a model
 * (`POST /v1/admin/models`, multipart: the `.onnx` file and the manifest JSON) and each model can be
 * activated or deactivated. A 422 problem's errors are shown next to the file input (`model`) or the
 * manifest (`manifest`, `manifest.*` with their path); other errors and results are announced in live
 * regions. Fires `console-session-ended` when the API no longer accepts the session.
 */
export class TesseraConsoleModels extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      .card {
        max-width: 56rem;
      }
      .in-use {
        margin: 0 0 1rem;
      }
      ${tableStyles}
      td.number {
        text-align: end;
        white-space: nowrap;
      }
      code {
        font-family: ui-monospace, monospace;
        font-size: 0.875rem;
      }
      textarea {
        font-family: ui-monospace, monospace;
        font-size: 0.875rem;
        color: inherit;
        width: 100%;
        min-height: 10rem;
        padding: 0.5rem 0.625rem;
        border: 1px solid #6b7785;
        border-radius: calc(var(--tessera-radius, 8px) / 2);
        background: #ffffff;
      }
      textarea[aria-invalid='true'] {
        border-color: #b3261e;
        border-width: 2px;
      }
      textarea:focus-visible,
      .table-wrap:focus-visible {
        outline: 3px solid var(--tessera-color-accent, #00a37a);
        outline-offset: 2px;
      }
      ul.error {
        padding-inline-start: 1.25rem;
      }
      button.small {
        padding: 0.25rem 0.625rem;
      }
    `,
  ]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  /** Whether the signed-in role may upload and (de)activate models (`models.manage`). */
  @property({ type: Boolean, attribute: 'can-manage' }) canManage = false
  @property({ attribute: 'role-label' }) roleLabel = ''

  @state() private registry: ModelRegistry | null = null
  @state() private file: File | null = null
  @state() private manifestText = ''
  @state() private errors: { model?: string; manifest?: string[] } = {}
  @state() private status = ''
  @state() private alert = ''
  @state() private busy = false

  private t(key: MessageKey, vars?: Record<string, string>) {
    return msg(this.locale, key, vars)
  }

  override connectedCallback() {
    super.connectedCallback()
    void this.load()
  }

  /** (Re)reads the registry. */
  async load() {
    try {
      this.registry = await this.api.models()
    } catch (error) {
      this.failed(error)
    }
  }

  private failed(error: unknown) {
    const text = failureText(this, this.locale, error)
    if (text) this.alert = text
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault()
    if (this.busy || !this.canManage) return
    this.status = ''
    this.alert = ''
    const errors: typeof this.errors = {}
    if (!this.file) errors.model = this.t('chooseFile')
    if (!this.manifestText.trim()) errors.manifest = [this.t('required')]
    this.errors = errors
    if (errors.model || errors.manifest) {
      this.alert = this.t('fixFields')
      await this.focusFirstError()
      return
    }
    this.busy = true
    try {
      const model = await this.api.uploadModel(this.file!, this.file!.name, this.manifestText)
      this.file = null
      this.manifestText = ''
      const input = this.renderRoot.querySelector<HTMLInputElement>('#model')
      if (input) input.value = ''
      this.status = this.t('uploaded', { name: model.name, version: model.version })
      await this.load()
    } catch (error) {
      if (error instanceof ConsoleApiError && error.status === 422 && error.errors.length) {
        const found: typeof this.errors = {}
        const elsewhere: string[] = []
        for (const e of error.errors) {
          if (e.field === 'model') found.model ??= e.message
          else if (e.field === 'manifest') (found.manifest ??= []).push(e.message)
          else if (e.field.startsWith('manifest.'))
            (found.manifest ??= []).push(`${e.field.slice('manifest.'.length)}: ${e.message}`)
          else elsewhere.push(e.message)
        }
        this.errors = found
        this.alert = [this.t('fixFields'), ...elsewhere].join(' ')
        await this.focusFirstError()
      } else {
        this.failed(error)
      }
    } finally {
      this.busy = false
    }
  }

  private async focusFirstError() {
    await this.updateComplete
    const first = this.errors.model ? '#model' : this.errors.manifest ? '#manifest' : null
    if (first) this.renderRoot.querySelector<HTMLElement>(first)?.focus()
  }

  private async toggle(model: ConsoleModel) {
    if (this.busy || !this.canManage) return
    this.status = ''
    this.alert = ''
    this.busy = true
    try {
      const changed = model.active
        ? await this.api.deactivateModel(model.id)
        : await this.api.activateModel(model.id)
      await this.load()
      this.status = this.t(changed.active ? 'activated' : 'deactivated', {
        name: changed.name,
        version: changed.version,
      })
    } catch (error) {
      this.failed(error)
    } finally {
      this.busy = false
    }
  }

  private inUse(registry: ModelRegistry) {
    const { inUse } = registry
    return html`<p class="in-use">
      ${
        inUse.id
          ? this.t('modelsInUse', { name: inUse.name, version: inUse.version })
          : this.t('modelsInUseDefault', { name: inUse.name, version: inUse.version })
      }
    </p>`
  }

  private table(models: ConsoleModel[]) {
    if (!models.length)
      return html`<h2>${this.t('modelsListTitle')}</h2>
        <p>${this.t('modelsEmpty')}</p>`
    // A region that may scroll sideways on narrow screens: focusable, so it scrolls from the keyboard.
    return html`<div class="table-wrap" role="region" aria-labelledby="models-caption" tabindex="0">
      <table>
        <caption id="models-caption">
          ${this.t('modelsListTitle')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${this.t('modelName')}</th>
            <th scope="col">${this.t('modelVersion')}</th>
            <th scope="col">${this.t('modelSha')}</th>
            <th scope="col">${this.t('modelSize')}</th>
            <th scope="col">${this.t('modelActive')}</th>
            ${this.canManage ? html`<th scope="col">${this.t('modelActions')}</th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${models.map(
            (m) =>
              html`<tr data-model=${m.id}>
                <th scope="row">${m.name}</th>
                <td>${m.version}</td>
                <td><code title=${m.sha256}>${shortSha(m.sha256)}</code></td>
                <td class="number">${formatSize(m.size, this.locale)}</td>
                <td class="active">${m.active ? this.t('yes') : this.t('no')}</td>
                ${
                  this.canManage
                    ? html`<td>
                        <button
                          class="secondary small"
                          type="button"
                          aria-label=${this.t(m.active ? 'deactivateLabel' : 'activateLabel', {
                            name: m.name,
                            version: m.version,
                          })}
                          ?disabled=${this.busy}
                          @click=${() => this.toggle(m)}
                        >
                          ${m.active ? this.t('deactivate') : this.t('activate')}
                        </button>
                      </td>`
                    : nothing
                }
              </tr>`
          )}
        </tbody>
      </table>
    </div>`
  }

  private form() {
    const modelError = this.errors.model
    const manifestErrors = this.errors.manifest
    return html`<form novalidate @submit=${this.submit} aria-busy=${this.busy ? 'true' : 'false'}>
      <fieldset>
        <legend>${this.t('uploadTitle')}</legend>
        <div class="field">
          <label for="model">${this.t('modelFile')}</label>
          <p class="hint" id="model-hint">${this.t('modelFileHint')}</p>
          <input
            id="model"
            name="model"
            type="file"
            accept=".onnx"
            aria-invalid=${modelError ? 'true' : 'false'}
            aria-describedby=${modelError ? 'model-hint model-error' : 'model-hint'}
            @change=${(e: Event) => (this.file = (e.target as HTMLInputElement).files?.[0] ?? null)}
          />
          ${modelError ? html`<p class="error" id="model-error">${modelError}</p>` : nothing}
        </div>
        <div class="field">
          <label for="manifest">${this.t('manifest')}</label>
          <p class="hint" id="manifest-hint">${this.t('manifestHint')}</p>
          <textarea
            id="manifest"
            name="manifest"
            spellcheck="false"
            .value=${this.manifestText}
            aria-invalid=${manifestErrors ? 'true' : 'false'}
            aria-describedby=${manifestErrors ? 'manifest-hint manifest-error' : 'manifest-hint'}
            @input=${(e: Event) => (this.manifestText = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
          ${
            manifestErrors
              ? manifestErrors.length === 1
                ? html`<p class="error" id="manifest-error">${manifestErrors[0]}</p>`
                : html`<ul class="error" id="manifest-error">
                    ${manifestErrors.map((e) => html`<li>${e}</li>`)}
                  </ul>`
              : nothing
          }
        </div>
      </fieldset>
      <button class="primary" type="submit" ?disabled=${this.busy}>
        ${this.busy ? this.t('uploading') : this.t('upload')}
      </button>
    </form>`
  }

  override render() {
    const registry = this.registry
    return html`<section class="card" aria-labelledby="models-title">
      <h1 id="models-title" tabindex="-1">${this.t('modelsTitle')}</h1>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      ${
        !this.canManage && registry
          ? html`<p class="notice">${this.t('modelsReadOnly', { role: this.roleLabel })}</p>`
          : nothing
      }
      ${
        registry
          ? html`${this.inUse(registry)} ${this.table(registry.data)}
            ${this.canManage ? this.form() : nothing}`
          : html`<p>${this.alert ? '' : this.t('loading')}</p>`
      }
      <p class="status" role="status">${this.status}</p>
    </section>`
  }
}

if (!customElements.get(MODELS_TAG)) customElements.define(MODELS_TAG, TesseraConsoleModels)

declare global {
  interface HTMLElementTagNameMap {
    [MODELS_TAG]: TesseraConsoleModels
  }
}
