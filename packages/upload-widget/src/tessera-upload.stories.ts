import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import { sampleWidgetConfig } from '@tessera/widget-core'
import type { TesseraRuntime } from '@tessera/widget-core'
import './tessera-upload.js'
import type { TesseraUpload } from './tessera-upload.js'
import { browserDeidentifier } from './deid.js'
import type { Deidentifier } from './deid.js'
import {
  FIXTURE_ANALYSED,
  FIXTURE_NOW,
  FIXTURE_STORED,
  fixtureDeidentifier,
  fixtureDicom,
  fixtureFile,
  fixtureImage,
  uploadFixtureApi,
} from './fixtures.js'
import type { UploadFixtureApi, UploadFixtureOptions } from './fixtures.js'

// Stories pass a runtime stand-in whose fetch (and fake XMLHttpRequest) answer from fixtures: no API needed.
// Each story has its own publishable key, so the member sessions kept in sessionStorage never mix. The
// queued stories run the real de-identification (@tessera/dicom-deid) on real DICOM, PNG and JPEG files
// carrying a name; the others use byte-signature stand-ins and a stand-in de-identifier. Analyses stay where
// the story puts them, except in the live ones, where the stand-in moves them on by itself.
const config = sampleWidgetConfig({
  tenant: { id: 'tn_story', name: 'Brightwater Imaging' },
  features: { upload: true },
})

let stories = 0
function fixture(options: UploadFixtureOptions = { signedIn: true }): UploadFixtureApi {
  return uploadFixtureApi({ key: `pk_story_upload_${++stories}`, ...options }, config)
}

interface Args {
  lang: string
  api: UploadFixtureApi
  deidentifier: Deidentifier
}

const meta: Meta<Args> = {
  title: 'Upload/Upload',
  component: 'tessera-upload',
  args: { lang: 'en', api: fixture({ signedIn: true }), deidentifier: fixtureDeidentifier },
  argTypes: {
    lang: { control: 'select', options: ['en', 'ko'] },
    api: { table: { disable: true } },
    deidentifier: { table: { disable: true } },
  },
  render: (args) => {
    args.api.seed()
    return html`<tessera-upload
      lang=${args.lang}
      .runtime=${args.api.runtime as Pick<TesseraRuntime, 'config'>}
      .transport=${args.api.transport}
      .deidentifier=${args.deidentifier}
      .now=${() => Date.parse(FIXTURE_NOW)}
    ></tessera-upload>`
  },
}
export default meta

type Story = StoryObj<Args>

/** Waits (up to 5 s) for the element in the story to show `view`, then returns it. */
async function shown(canvas: HTMLElement, view: string): Promise<TesseraUpload> {
  const el = canvas.querySelector('tessera-upload')!
  for (let i = 0; i < 100 && el.shadowRoot?.querySelector<HTMLElement>('.view')?.dataset.view !== view; i++) {
    await new Promise((r) => setTimeout(r, 50))
  }
  await el.updateComplete
  return el
}

async function until(el: TesseraUpload, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 50))
  await el.updateComplete
}

const states = (el: TesseraUpload) =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~=file]')].map((f) => f.dataset.state)

async function queue(el: TesseraUpload, files: File[], settled = files.length): Promise<void> {
  await el.addFiles(files)
  await until(el, () => states(el).filter((s) => s === 'waiting' || s === 'rejected').length >= settled)
}

function send(el: TesseraUpload): void {
  el.shadowRoot!.querySelector<HTMLButtonElement>('[data-send]')?.click()
}

export const SignedOut: Story = { name: 'Signed out', args: { api: fixture({}) } }

export const ConsentNeeded: Story = {
  name: 'Consent needed',
  args: { api: fixture({ signedIn: true, imaging: null }) },
}

export const Empty: Story = { name: 'Empty drop zone' }

export const Queued: Story = {
  name: 'Files queued, with a de-identification summary',
  args: { api: fixture({ signedIn: true }), deidentifier: browserDeidentifier },
  play: async ({ canvasElement }) => {
    const el = await shown(canvasElement, 'upload')
    await queue(el, [
      fixtureDicom('IM000001'),
      await fixtureImage('png', 'overview.png'),
      await fixtureImage('jpeg', 'phone-photo.jpg'),
      fixtureDicom('echo.dcm', 'Kim^Mina', 'US'),
      fixtureFile('text', 'report.dcm'),
    ])
  },
}

export const Uploading: Story = {
  args: { api: fixture({ signedIn: true, uploads: 'manual' }) },
  play: async ({ canvasElement, args }) => {
    const el = await shown(canvasElement, 'upload')
    await queue(el, [fixtureFile('dicom', 'series-1.dcm', 8_000_000), fixtureFile('png', 'overview.png')])
    send(el)
    await until(el, () => args.api.xhrs.length > 0)
    args.api.xhrs[0]!.progress(3_400_000)
    await el.updateComplete
  },
}

export const Failed: Story = {
  args: { api: fixture({ signedIn: true, uploadStatuses: [415, 422] }) },
  play: async ({ canvasElement }) => {
    const el = await shown(canvasElement, 'upload')
    await queue(el, [fixtureFile('png', 'scan.png'), fixtureFile('jpeg', 'photo.jpg')])
    send(el)
    await until(el, () => states(el).every((s) => s === 'failed'))
  },
}

export const Stored: Story = {
  name: 'Stored images with countdowns',
  args: { api: fixture({ signedIn: true, stored: FIXTURE_STORED }) },
}

export const Korean: Story = {
  args: {
    lang: 'ko',
    api: fixture({ signedIn: true, stored: FIXTURE_STORED }),
    deidentifier: browserDeidentifier,
  },
  play: async ({ canvasElement }) => {
    const el = await shown(canvasElement, 'upload')
    await queue(el, [
      fixtureDicom('IM000002'),
      await fixtureImage('jpeg', '사진.jpg', '김민아'),
      fixtureFile('text', 'memo.txt'),
    ])
  },
}

export const KoreanConsent: Story = {
  name: 'Korean, consent needed',
  args: { lang: 'ko', api: fixture({ signedIn: true, imaging: 'withdrawn' }) },
}

export const AnalysisQueued: Story = {
  name: 'Analysis queued',
  args: { api: fixture({ signedIn: true, stored: [FIXTURE_ANALYSED.queued] }) },
}

export const AnalysisRunning: Story = {
  name: 'Analysis running',
  args: { api: fixture({ signedIn: true, stored: [FIXTURE_ANALYSED.running] }) },
}

export const AnalysisDone: Story = {
  name: 'Analyses done (segmentation, classification)',
  args: { api: fixture({ signedIn: true, stored: [FIXTURE_ANALYSED.done, FIXTURE_ANALYSED.classified] }) },
}

export const AnalysisFailed: Story = {
  name: 'Analysis failed, with Analyse again',
  args: { api: fixture({ signedIn: true, stored: [FIXTURE_ANALYSED.failed], analyses: 'auto' }) },
}

export const AnalysisLive: Story = {
  name: 'Upload, then the analysis runs (server-sent events)',
  args: { api: fixture({ signedIn: true, analyses: 'auto' }) },
  play: async ({ canvasElement }) => {
    const el = await shown(canvasElement, 'upload')
    await queue(el, [fixtureFile('png', 'fundus.png')])
    send(el)
  },
}

export const AnalysisPolled: Story = {
  name: 'Upload, then the analysis runs (polled: no event stream)',
  args: { api: fixture({ signedIn: true, analyses: 'auto', analysisEvents: 404 }) },
  play: async ({ canvasElement }) => {
    const el = await shown(canvasElement, 'upload')
    await queue(el, [fixtureFile('dicom', 'IM000003')])
    send(el)
  },
}

export const KoreanAnalyses: Story = {
  name: 'Korean, analyses in every state',
  args: { lang: 'ko', api: fixture({ signedIn: true, stored: Object.values(FIXTURE_ANALYSED) }) },
}
