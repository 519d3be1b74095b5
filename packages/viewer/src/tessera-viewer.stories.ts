import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import type { TesseraRuntime } from '@tessera/widget-core'
import './tessera-viewer.js'
import {
  FIXTURE_CLASSIFICATION,
  FIXTURE_NOW,
  FIXTURE_SEGMENTATION,
  fixtureAnalysis,
  viewerFixtureApi,
} from './fixtures.js'
import type { FixtureUpload, ViewerFixtureApi, ViewerFixtureOptions } from './fixtures.js'
import { phantom, syntheticDicom, syntheticJpeg, syntheticPng } from './synthetic.js'

// Stories pass a runtime stand-in whose fetch answers from fixtures: no API needed. Every image is synthetic
// (written by src/synthetic.ts): a CT-like phantom in Hounsfield units with a "lesion" the stand-in model
// found, a moving disc for cine, PNG and JPEG pictures. Each story has its own publishable key, so the
// member sessions kept in sessionStorage never mix.

const SIZE = 256
const lesion = (x: number, y: number) => Math.hypot(x - SIZE * 0.65, y - SIZE * 0.4) < SIZE * 0.075
/** Stored values 0–2000 with intercept −1024: air outside, soft tissue, a bright ring of bone, a lesion. */
const ctBytes = (): Uint8Array<ArrayBuffer> => {
  const body = phantom(SIZE, SIZE, 1000)
  return syntheticDicom({
    width: SIZE,
    height: SIZE,
    modality: 'CT',
    rescaleIntercept: -1024,
    rescaleSlope: 1,
    windowCenter: 40,
    windowWidth: 400,
    pixelSpacing: [0.7, 0.7],
    pixel: (x, y) => {
      const v = body(x, y)
      if (v === 0) return 24 // −1000 HU
      if (v >= 850) return 1024 + 900 // bone
      return 1024 + 20 + (v - 300) / 10 + (lesion(x, y) ? 60 : 0)
    },
  })
}

const cineBytes = () =>
  syntheticDicom({
    width: 128,
    height: 128,
    frames: 40,
    modality: 'XA',
    frameTime: 66,
    pixel: (x, y, f) => {
      const cx = 64 + 36 * Math.cos((f / 40) * Math.PI * 2)
      const cy = 64 + 36 * Math.sin((f / 40) * Math.PI * 2)
      return Math.hypot(x - cx, y - cy) < 14 ? 220 : 40 + ((x + y) % 32)
    },
    bitsAllocated: 8,
  })

const dicom = (
  id: string,
  bytes: Uint8Array<ArrayBuffer>,
  extra: Partial<FixtureUpload> = {}
): FixtureUpload => ({
  id,
  contentType: 'application/dicom',
  bytes: new Blob([bytes], { type: 'application/dicom' }),
  ...extra,
})

const segmentation = () => fixtureAnalysis('an_seg', 'done', FIXTURE_SEGMENTATION(SIZE, SIZE, 0.018))
const mask = (size = SIZE) =>
  syntheticPng(size, size, (x, y) => (lesion((x * SIZE) / size, (y * SIZE) / size) ? 255 : 0))

let stories = 0
function fixture(options: ViewerFixtureOptions): ViewerFixtureApi {
  return viewerFixtureApi({ key: `pk_story_viewer_${++stories}`, ...options })
}

interface Args {
  lang: string
  uploadId: string
  api: () => Promise<ViewerFixtureApi>
}

const meta: Meta<Args> = {
  title: 'Viewer/Viewer',
  component: 'tessera-viewer',
  args: {
    lang: 'en',
    uploadId: 'up_ct',
    api: async () =>
      fixture({ uploads: [dicom('up_ct', ctBytes(), { analysis: segmentation(), mask: await mask() })] }),
  },
  argTypes: {
    lang: { control: 'select', options: ['en', 'ko'] },
    uploadId: { control: 'text' },
    api: { table: { disable: true } },
  },
  loaders: [async ({ args }) => ({ api: await (args as Args).api() })],
  render: (args, { loaded }) => {
    const api = loaded.api as ViewerFixtureApi
    api.seed()
    return html`<tessera-viewer
      lang=${args.lang}
      upload-id=${args.uploadId}
      .runtime=${api.runtime as Pick<TesseraRuntime, 'config'>}
      .now=${() => Date.parse(FIXTURE_NOW)}
    ></tessera-viewer>`
  },
}
export default meta

type Story = StoryObj<Args>

export const CtWithResult: Story = { name: 'CT with a segmentation overlay' }

export const Korean: Story = { name: 'CT with a segmentation overlay (Korean)', args: { lang: 'ko' } }

export const Cine: Story = {
  name: 'Multi-frame with cine',
  args: { uploadId: 'up_cine', api: async () => fixture({ uploads: [dicom('up_cine', cineBytes())] }) },
}

export const Classification: Story = {
  name: 'Classification scores',
  args: {
    api: async () =>
      fixture({
        uploads: [
          dicom('up_ct', ctBytes(), { analysis: fixtureAnalysis('an_c', 'done', FIXTURE_CLASSIFICATION) }),
        ],
      }),
  },
}

export const AnalysisRunning: Story = {
  name: 'Analysis still under way',
  args: {
    api: async () =>
      fixture({ uploads: [dicom('up_ct', ctBytes(), { analysis: fixtureAnalysis('an_r', 'running') })] }),
  },
}

export const AnalysisFailed: Story = {
  name: 'Analysis failed',
  args: {
    api: async () =>
      fixture({ uploads: [dicom('up_ct', ctBytes(), { analysis: fixtureAnalysis('an_f', 'failed') })] }),
  },
}

export const NoAnalysis: Story = {
  name: 'Not analysed',
  args: { api: async () => fixture({ uploads: [dicom('up_ct', ctBytes())] }) },
}

export const MaskMismatch: Story = {
  name: 'Result mask of the wrong size (refused)',
  args: {
    api: async () =>
      fixture({ uploads: [dicom('up_ct', ctBytes(), { analysis: segmentation(), mask: await mask(128) })] }),
  },
}

export const Png: Story = {
  name: 'PNG (greyscale)',
  args: {
    uploadId: 'up_png',
    api: async () => {
      const body = phantom(192, 192, 255)
      return fixture({
        uploads: [
          {
            id: 'up_png',
            contentType: 'image/png',
            bytes: await syntheticPng(192, 192, (x, y) => body(x, y)),
          },
        ],
      })
    },
  },
}

export const Jpeg: Story = {
  name: 'JPEG (colour photo)',
  args: {
    uploadId: 'up_jpg',
    api: async () =>
      fixture({
        uploads: [{ id: 'up_jpg', contentType: 'image/jpeg', bytes: await syntheticJpeg(320, 240) }],
      }),
  },
}

export const Loading: Story = {
  args: { api: async () => fixture({ uploads: [dicom('up_ct', ctBytes())], hold: new Promise(() => {}) }) },
}

export const SignedOut: Story = {
  name: 'Signed out',
  args: { api: async () => fixture({ signedIn: false, uploads: [dicom('up_ct', ctBytes())] }) },
}

export const NoUpload: Story = { name: 'No image chosen', args: { uploadId: '' } }

export const NotFound: Story = {
  name: 'Not found (another member’s image)',
  args: { uploadId: 'up_someone_else' },
}

export const Expired: Story = {
  name: 'Expired (deleted)',
  args: {
    uploadId: 'up_old',
    api: async () => fixture({ uploads: [dicom('up_old', ctBytes())], gone: ['up_old'] }),
  },
}

export const Corrupt: Story = {
  name: 'Damaged file',
  args: {
    api: async () =>
      fixture({
        uploads: [
          dicom('up_ct', syntheticDicom({ width: 64, height: 64, pixel: () => 0, truncateFile: 2000 })),
        ],
      }),
  },
}

export const Unsupported: Story = {
  name: 'Unsupported format',
  args: {
    api: async () =>
      fixture({
        uploads: [
          dicom(
            'up_ct',
            syntheticDicom({
              width: 64,
              height: 64,
              pixel: () => 0,
              transferSyntax: '1.2.840.10008.1.2.4.100',
            })
          ),
        ],
      }),
  },
}

export const LoadFailed: Story = {
  name: 'Server failure (retry)',
  args: { api: async () => fixture({ uploads: [dicom('up_ct', ctBytes())], contentStatus: 500 }) },
}
