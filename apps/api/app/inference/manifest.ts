import vine from '@vinejs/vine'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'

/**
 * The manifest an admin uploads next to an ONNX file. It tells the platform how to feed the model
 * (input tensor, preprocessing of the DICOM pixels) and how to read what comes out. Every field is
 * checked strictly: an unknown key is an error rather than being dropped, because a misspelt key
 * ("treshold") silently falling back to a default would change what the model reports.
 */

export const INPUT_DTYPES = ['float32', 'uint8'] as const
export const OUTPUT_KINDS = ['segmentation', 'classification', 'heatmap'] as const
export const WINDOW_MODES = ['dicom', 'fixed', 'minmax'] as const
export const RESCALE_MODES = ['modality', 'none'] as const
export const RESIZE_MODES = ['bilinear', 'nearest'] as const

/** Height and width bounds of the model input, in pixels. */
export const MIN_SIDE = 16
export const MAX_SIDE = 2048
export const MAX_LABELS = 1024
export const DEFAULT_THRESHOLD = 0.5

export type InputDtype = (typeof INPUT_DTYPES)[number]
export type OutputKind = (typeof OUTPUT_KINDS)[number]
export type WindowMode = (typeof WINDOW_MODES)[number]

export type ModelManifest = {
  /** Lowercase slug, unique per registry together with the version. */
  name: string
  /** Free-form version label; semantic versioning is recommended. */
  version: string
  description: string
  input: {
    name: string
    dtype: InputDtype
    /** NCHW: batch 1, 1 (grey) or 3 (RGB) channels, height, width. */
    shape: [1, 1 | 3, number, number]
  }
  preprocessing: {
    /** 'modality' applies DICOM RescaleSlope/RescaleIntercept before windowing. */
    rescale: (typeof RESCALE_MODES)[number]
    /**
     * How stored values become 0..1. 'dicom': the file's WindowCenter/WindowWidth, else center/width
     * given here, else min-max. 'fixed': center/width given here (required). 'minmax': the image's
     * own range.
     */
    window: { mode: WindowMode; center?: number; width?: number }
    /** Applied after windowing: (x - mean) / std. Only the identity is allowed for uint8 inputs. */
    normalize: { mean: number; std: number }
    resize: (typeof RESIZE_MODES)[number]
  }
  output: {
    name: string
    kind: OutputKind
    /** Segmentation: class names, background first. Classification: one per score. Heatmap: channels. */
    labels: string[]
    /** Segmentation only: probability at or above which a pixel belongs to the foreground. */
    threshold?: number
  }
}

export type ManifestIssue = { field: string; message: string; rule: string }

/** A field context that points at a child key, so an unknown key is reported at its own path. */
function childField(field: FieldContext, key: string): FieldContext {
  const parent = field.getFieldPath()
  const path = parent ? `${parent}.${key}` : key
  return {
    ...field,
    name: key,
    isArrayMember: false,
    wildCardPath: path,
    getFieldPath: () => path,
  }
}

const noUnknownKeys = vine.createRule((value: unknown, allowed: readonly string[], field) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      field.report(
        `Unknown property; allowed here: ${allowed.join(', ')}`,
        'unknownProperty',
        childField(field, key),
        { allowed }
      )
    }
  }
})

const exactLength = vine.createRule((value: unknown, size: number, field) => {
  if (Array.isArray(value) && value.length !== size) {
    field.report(`Must have exactly ${size} items`, 'fixedLength', field, { size })
  }
})

/** vine.object that refuses keys it does not declare (VineJS drops them silently by default). */
function strictObject<P extends Parameters<typeof vine.object>[0]>(properties: P) {
  return vine.object(properties).use(noUnknownKeys(Object.keys(properties)))
}

const strictNumber = () => vine.number({ strict: true })
const side = () => strictNumber().withoutDecimals().range([MIN_SIDE, MAX_SIDE])
const tensorName = () => vine.string().minLength(1).maxLength(256)

export const manifestSchema = strictObject({
  name: vine
    .string()
    .maxLength(64)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  version: vine.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/),
  description: vine.string().trim().minLength(1).maxLength(2000),
  input: strictObject({
    name: tensorName(),
    dtype: vine.enum(INPUT_DTYPES),
    shape: vine
      .tuple([strictNumber().in([1]), strictNumber().in([1, 3]), side(), side()])
      .use(exactLength(4)),
  }),
  preprocessing: strictObject({
    rescale: vine.enum(RESCALE_MODES),
    window: strictObject({
      mode: vine.enum(WINDOW_MODES),
      center: strictNumber().optional(),
      width: strictNumber().positive().optional(),
    }),
    normalize: strictObject({
      mean: strictNumber(),
      std: strictNumber().positive(),
    }).optional(),
    resize: vine.enum(RESIZE_MODES),
  }),
  output: strictObject({
    name: tensorName(),
    kind: vine.enum(OUTPUT_KINDS),
    labels: vine
      .array(vine.string().trim().minLength(1).maxLength(64))
      .minLength(1)
      .maxLength(MAX_LABELS)
      .distinct(),
    threshold: strictNumber().range([0, 1]).optional(),
  }),
})

export const manifestValidator = vine.create(manifestSchema)

/** Messages that say what is expected, phrased for the admin who wrote the manifest. */
const FIELD_MESSAGES: Record<string, string> = {
  'name.regex': 'must be a lowercase slug of letters, digits and single hyphens, e.g. "chest-vessels"',
  'version.regex': 'must be a version label such as "1.2.0" (letters, digits, ".", "+", "_", "-")',
  'input.shape.0.in': 'must be 1',
  'input.shape.1.in': 'must be 1 (greyscale) or 3 (RGB)',
  'input.shape.fixedLength': 'must have four dimensions: [1, channels, height, width]',
}

/** Shape entries are easier to fix when the message names the dimension. */
const FIELD_LABELS: Record<string, string> = {
  'input.shape.0': 'manifest.input.shape[0] (batch)',
  'input.shape.1': 'manifest.input.shape[1] (channels)',
  'input.shape.2': 'manifest.input.shape[2] (height)',
  'input.shape.3': 'manifest.input.shape[3] (width)',
}

function describeRule(rule: string, args: Record<string, unknown> = {}): string {
  const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => JSON.stringify(x)).join(', ') : '')
  switch (rule) {
    case 'required':
      return 'is required'
    case 'string':
      return 'must be a string'
    case 'number':
      return 'must be a number'
    case 'object':
      return 'must be an object'
    case 'array':
    case 'tuple':
      return 'must be an array'
    case 'enum':
      return `must be one of ${list(args.choices)}`
    case 'in':
      return `must be one of ${list(args.values)}`
    case 'range':
      return `must be between ${args.min} and ${args.max}`
    case 'withoutDecimals':
      return 'must be an integer'
    case 'positive':
      return 'must be greater than 0'
    case 'minLength':
      return `must have at least ${args.min} characters`
    case 'maxLength':
      return `must have at most ${args.max} characters`
    case 'array.minLength':
      return `must have at least ${args.min} item(s)`
    case 'array.maxLength':
      return `must have at most ${args.max} items`
    case 'distinct':
      return 'must not contain duplicates'
    case 'fixedLength':
      return `must have exactly ${args.size} items`
    case 'unknownProperty':
      return `is not a known property (allowed here: ${(args.allowed as string[] | undefined)?.join(', ')})`
    case 'regex':
      return 'has an invalid format'
    default:
      return ''
  }
}

/** Renders "manifest.<path> <what is expected>" so each message stands on its own. */
export const manifestMessages: MessagesProviderContact = {
  getMessage(defaultMessage, rule, field, args) {
    const path = field.getFieldPath()
    const where = FIELD_LABELS[path] ?? (path ? `manifest.${path}` : 'manifest')
    const what = FIELD_MESSAGES[`${path}.${rule}`] ?? describeRule(rule, args)
    return what ? `${where} ${what}.` : `${where}: ${defaultMessage}`
  },
}

type ValidatedShape = Awaited<ReturnType<typeof manifestValidator.validate>>

/**
 * Fills defaults (normalize 0/1, segmentation threshold 0.5) and checks the rules that span
 * several fields. Returns the issues rather than throwing so callers can merge them with others.
 */
export function resolveManifest(v: ValidatedShape): { manifest: ModelManifest; issues: ManifestIssue[] } {
  const issues: ManifestIssue[] = []
  const issue = (field: string, rule: string, message: string) =>
    issues.push({ field: `manifest.${field}`, rule, message: `manifest.${field} ${message}.` })

  const { window } = v.preprocessing
  const normalize = v.preprocessing.normalize ?? { mean: 0, std: 1 }
  const hasCenter = window.center !== undefined
  const hasWidth = window.width !== undefined
  if (window.mode === 'fixed' && (!hasCenter || !hasWidth)) {
    issue('preprocessing.window', 'windowFixed', "needs both center and width when mode is 'fixed'")
  }
  if (window.mode === 'minmax' && (hasCenter || hasWidth)) {
    issue('preprocessing.window', 'windowMinmax', "must not set center or width when mode is 'minmax'")
  }
  if (window.mode === 'dicom' && hasCenter !== hasWidth) {
    issue(
      'preprocessing.window',
      'windowFallback',
      'must set both center and width as a fallback, or neither'
    )
  }
  if (v.input.dtype === 'uint8' && (normalize.mean !== 0 || normalize.std !== 1)) {
    issue(
      'preprocessing.normalize',
      'uint8Normalize',
      'must be mean 0 and std 1 for uint8 inputs (bytes cannot hold normalised values); normalise inside the model instead'
    )
  }

  const { kind, labels } = v.output
  const minLabels = kind === 'heatmap' ? 1 : 2
  if (labels.length < minLabels) {
    issue(
      'output.labels',
      'labelCount',
      kind === 'segmentation'
        ? 'needs at least 2 labels for a segmentation: the background first, then each class'
        : 'needs at least 2 labels for a classification, one per score'
    )
  }
  if (kind !== 'segmentation' && v.output.threshold !== undefined) {
    issue('output.threshold', 'thresholdKind', 'only applies to segmentation outputs')
  }

  const output: ModelManifest['output'] = { name: v.output.name, kind, labels: [...labels] }
  if (kind === 'segmentation') output.threshold = v.output.threshold ?? DEFAULT_THRESHOLD

  return {
    manifest: {
      name: v.name,
      version: v.version,
      description: v.description,
      input: {
        name: v.input.name,
        dtype: v.input.dtype,
        shape: [1, v.input.shape[1] as 1 | 3, v.input.shape[2], v.input.shape[3]],
      },
      preprocessing: {
        rescale: v.preprocessing.rescale,
        window: {
          mode: window.mode,
          ...(hasCenter ? { center: window.center } : {}),
          ...(hasWidth ? { width: window.width } : {}),
        },
        normalize: { mean: normalize.mean, std: normalize.std },
        resize: v.preprocessing.resize,
      },
      output,
    },
    issues,
  }
}
