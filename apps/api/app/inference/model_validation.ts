import { createHash } from 'node:crypto'
import { fromBinary } from '@bufbuild/protobuf'
import { errors as vineErrors } from '@vinejs/vine'
import * as ort from 'onnxruntime-node'
import type { InferenceSession, Tensor } from 'onnxruntime-node'
import {
  ModelProtoSchema,
  TensorProto_DataLocation,
  type AttributeProto,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type TensorProto,
} from 'onnx-buf'
import { ProblemError, type ProblemField } from '#shared/problem'
import { manifestMessages, manifestValidator, resolveManifest, type ModelManifest } from '#inference/manifest'
import type { SessionFactory } from '#inference/session_cache'

export type { SessionFactory }

/**
 * Admission check for an uploaded model: the manifest must be well formed, the ONNX file must load,
 * its declared inputs and outputs must be the ones the manifest names with the shapes it claims, and a
 * dry run at the manifest's shape must produce finite numbers of the shape the output kind needs.
 * Anything else is refused with the field at fault and a sentence an admin can act on.
 */

/** Default ceiling on the ONNX file size; weights are held in memory while validating. */
export const MAX_MODEL_BYTES = 200 * 1024 * 1024

export type ModelValidationIssue = ProblemField & { rule: string }

/**
 * A model or manifest the platform will not run. Rendered by the API's exception handler as an
 * RFC 9457 problem (422, type …/problems/model-rejected) whose `errors` list the fields at fault,
 * the same shape request validation errors have.
 */
export class ModelValidationError extends ProblemError {
  /** First field at fault: 'model' for the ONNX file itself, 'manifest.<path>' for the manifest. */
  readonly field: string
  /** Readable English explanation of the first problem. */
  readonly reason: string
  readonly issues: readonly ModelValidationIssue[]

  constructor(issues: readonly ModelValidationIssue[]) {
    const [first] = issues
    if (!first) throw new TypeError('ModelValidationError needs at least one issue')
    const more = issues.length - 1
    super(
      422,
      'model-rejected',
      'Model refused',
      more > 0
        ? `${first.message} (${more} more problem${more > 1 ? 's' : ''} listed in errors)`
        : first.message,
      issues.map(({ field, message, rule }) => ({ field, message, rule }))
    )
    this.field = first.field
    this.reason = first.message
    this.issues = issues
  }

  static at(field: string, rule: string, message: string): ModelValidationError {
    return new ModelValidationError([{ field, rule, message }])
  }
}

/** Validates and resolves a manifest (defaults filled in), or throws ModelValidationError. */
export async function parseManifest(input: unknown): Promise<ModelManifest> {
  let validated
  try {
    validated = await manifestValidator.validate(input, { messagesProvider: manifestMessages })
  } catch (error) {
    if (error instanceof vineErrors.E_VALIDATION_ERROR) {
      const messages = error.messages as Array<{ field: string; message: string; rule: string }>
      throw new ModelValidationError(
        messages.map(({ field, message, rule }) => ({
          field: field ? `manifest.${field}` : 'manifest',
          message,
          rule,
        }))
      )
    }
    throw error
  }
  const { manifest, issues } = resolveManifest(validated)
  if (issues.length > 0) throw new ModelValidationError(issues)
  return manifest
}

export type ValidateModelOptions = {
  /** Largest accepted file, in bytes. Default MAX_MODEL_BYTES. */
  maxBytes?: number
  /** Threads for the dry run; onnxruntime's default (all cores) when unset. */
  intraOpNumThreads?: number
  /** Replaces onnxruntime's session creation; lets tests observe that sessions are released. */
  createSession?: SessionFactory
}

export type ValidatedModel = {
  manifest: ModelManifest
  /** Lowercase hex sha256 of the exact bytes validated. */
  sha256: string
  sizeBytes: number
  irVersion: number
  /** Operator set per domain; the default domain is reported as 'ai.onnx'. */
  opsets: Record<string, number>
  producer: string
  /** Output shape observed on the dry run. */
  outputShape: number[]
  loadMs: number
  dryRunMs: number
}

const createOrtSession: SessionFactory = (bytes, options) => ort.InferenceSession.create(bytes, options)

/**
 * onnxruntime messages are long and carry its own source paths and C++ signatures; keep the words
 * that explain the failure to the person who built the model.
 */
function runtimeMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error)
  const text = raw
    .replace(/\s+/g, ' ')
    .replace(/\[ONNXRuntimeError\] : \d+ : [A-Z_]+ : /g, '')
    .replace(/\S*onnxruntime_src\/\S+:\d+ /g, '')
    .replace(/[\w:~]+::[\w~]+\([^()]*\) /g, '')
    .trim()
  return text.length > 400 ? `${text.slice(0, 397)}...` : text || 'unknown error'
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

function formatShape(shape: ReadonlyArray<number | string>): string {
  return `[${shape.map((d) => (typeof d === 'string' ? d || '?' : String(d))).join(', ')}]`
}

/** Symbolic ('N', 'batch') or unknown ('' / -1) dimensions accept any size; the dry run decides. */
function isFixed(dim: number | string | undefined): dim is number {
  return typeof dim === 'number' && dim >= 0
}

function tensorsOf(attribute: AttributeProto): TensorProto[] {
  const out = [...attribute.tensors]
  if (attribute.t) out.push(attribute.t)
  if (attribute.sparseTensor?.values) out.push(attribute.sparseTensor.values)
  for (const s of attribute.sparseTensors) if (s.values) out.push(s.values)
  return out
}

/**
 * True when any tensor points at external data. onnxruntime resolves such paths against the working
 * directory when a model is loaded from bytes, so an uploaded model could pull in arbitrary files.
 */
function usesExternalData(model: ModelProto): boolean {
  const external = (t: TensorProto) =>
    t.dataLocation === TensorProto_DataLocation.EXTERNAL || t.externalData.length > 0
  const inNodes = (nodes: readonly NodeProto[]): boolean =>
    nodes.some((n) =>
      n.attribute.some(
        (a) =>
          tensorsOf(a).some(external) ||
          (a.g !== undefined && inGraph(a.g)) ||
          a.graphs.some((g) => inGraph(g))
      )
    )
  const inGraph = (g: GraphProto): boolean =>
    g.initializer.some(external) ||
    g.sparseInitializer.some((s) => (s.values ? external(s.values) : false)) ||
    inNodes(g.node)
  return (model.graph !== undefined && inGraph(model.graph)) || model.functions.some((f) => inNodes(f.node))
}

/** Parses the protobuf before onnxruntime sees it, to give precise reasons for files that are not models. */
function inspect(bytes: Uint8Array, maxBytes: number): ModelProto {
  if (bytes.byteLength === 0) throw ModelValidationError.at('model', 'empty', 'The model file is empty.')
  if (bytes.byteLength > maxBytes) {
    throw ModelValidationError.at(
      'model',
      'tooLarge',
      `The model file is ${formatBytes(bytes.byteLength)}; the limit is ${formatBytes(maxBytes)}.`
    )
  }
  let model: ModelProto
  try {
    model = fromBinary(ModelProtoSchema, bytes)
  } catch {
    throw ModelValidationError.at(
      'model',
      'notOnnx',
      'The file is not an ONNX model: it does not decode as an ONNX protobuf (truncated or another format).'
    )
  }
  const graph = model.graph
  if (model.irVersion <= 0n || !graph || graph.node.length === 0 || graph.output.length === 0) {
    throw ModelValidationError.at(
      'model',
      'notOnnx',
      'The file is not an ONNX model: it has no IR version, no graph, or a graph without nodes or outputs.'
    )
  }
  if (usesExternalData(model)) {
    throw ModelValidationError.at(
      'model',
      'externalData',
      'The model keeps weights in external data files; upload a single self-contained .onnx file.'
    )
  }
  return model
}

function inputFeed(manifest: ModelManifest): Tensor {
  const [, channels, height, width] = manifest.input.shape
  const count = channels * height * width
  // A diagonal ramp over the windowed range 0..1 (0..255 for bytes): exercises both ends of the
  // input scale, which a constant image would not.
  const { mean, std } = manifest.preprocessing.normalize
  if (manifest.input.dtype === 'uint8') {
    const data = new Uint8Array(count)
    for (let i = 0; i < count; i++) {
      const p = i % (height * width)
      data[i] = Math.round((255 * ((p % width) / width + Math.floor(p / width) / height)) / 2)
    }
    return new ort.Tensor('uint8', data, manifest.input.shape)
  }
  const data = new Float32Array(count)
  for (let i = 0; i < count; i++) {
    const p = i % (height * width)
    const windowed = ((p % width) / width + Math.floor(p / width) / height) / 2
    data[i] = (windowed - mean) / std
  }
  return new ort.Tensor('float32', data, manifest.input.shape)
}

/**
 * Whether an output shape fits the manifest's kind and labels. Works on declared shapes (where
 * symbolic dimensions are skipped) and on the concrete shape of the dry run.
 */
function checkOutputShape(
  manifest: ModelManifest,
  shape: ReadonlyArray<number | string>,
  origin: 'declares' | 'produced'
): void {
  const { kind, labels, name } = manifest.output
  const said = `The model ${origin} output "${name}" with shape ${formatShape(shape)}`
  if (kind === 'classification') {
    if (shape.length !== 2) {
      throw ModelValidationError.at(
        'manifest.output.kind',
        'outputKind',
        `${said}, but a classification output must be [1, ${labels.length}]: one score per label.`
      )
    }
  } else if (shape.length !== 4) {
    throw ModelValidationError.at(
      'manifest.output.kind',
      'outputKind',
      `${said}, but a ${kind} output must be a map of shape [1, channels, height, width].`
    )
  }
  if (isFixed(shape[0]) && shape[0] !== 1) {
    throw ModelValidationError.at('model', 'outputBatch', `${said}; its first (batch) dimension must be 1.`)
  }
  const channels = shape[1]
  if (!isFixed(channels)) return
  if (kind === 'classification' && channels !== labels.length) {
    throw ModelValidationError.at(
      'manifest.output.labels',
      'labelCount',
      `${said}: ${plural(channels, 'score')}, but the manifest lists ${plural(labels.length, 'label')}.`
    )
  }
  if (kind !== 'classification' && channels !== labels.length) {
    // One channel is a foreground probability (segmentation: exactly background + one class).
    const single = channels === 1 && (kind === 'heatmap' || labels.length === 2)
    if (!single) {
      const expected =
        kind === 'segmentation'
          ? `${labels.length} channels (one per label) or 1 channel with exactly 2 labels`
          : `1 or ${labels.length} channels`
      throw ModelValidationError.at(
        'manifest.output.labels',
        'labelCount',
        `${said}: ${plural(channels, 'channel')}, but the manifest's ${plural(labels.length, 'label')} need ${expected}.`
      )
    }
  }
  if (kind !== 'classification' && shape.slice(2).some((d) => isFixed(d) && d < 1)) {
    throw ModelValidationError.at('model', 'outputShape', `${said}; its height and width must be at least 1.`)
  }
}

function checkDeclarations(session: InferenceSession, manifest: ModelManifest): void {
  const { input, output } = manifest
  const list = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ') || 'none'

  if (!session.inputNames.includes(input.name)) {
    throw ModelValidationError.at(
      'manifest.input.name',
      'inputName',
      `The model has no input named "${input.name}"; its inputs are ${list(session.inputNames)}.`
    )
  }
  if (session.inputNames.length !== 1) {
    throw ModelValidationError.at(
      'model',
      'inputCount',
      `The model has ${session.inputNames.length} inputs (${list(session.inputNames)}); models must take exactly one image tensor.`
    )
  }
  if (!session.outputNames.includes(output.name)) {
    throw ModelValidationError.at(
      'manifest.output.name',
      'outputName',
      `The model has no output named "${output.name}"; its outputs are ${list(session.outputNames)}.`
    )
  }

  const inMeta = session.inputMetadata.find((m) => m.name === input.name)
  if (inMeta && !inMeta.isTensor) {
    throw ModelValidationError.at(
      'manifest.input.name',
      'inputType',
      `Input "${input.name}" is not a tensor.`
    )
  }
  if (inMeta?.isTensor) {
    if (inMeta.type !== input.dtype) {
      throw ModelValidationError.at(
        'manifest.input.dtype',
        'inputDtype',
        `The manifest declares a ${input.dtype} input, but the model's input "${input.name}" is ${inMeta.type}.`
      )
    }
    // An empty shape means the model does not declare one; the dry run is then the only check.
    if (inMeta.shape.length > 0) {
      const fits =
        inMeta.shape.length === input.shape.length &&
        inMeta.shape.every((d, i) => !isFixed(d) || d === input.shape[i])
      if (!fits) {
        throw ModelValidationError.at(
          'manifest.input.shape',
          'inputShape',
          `The manifest declares input shape ${formatShape(input.shape)}, but the model's input "${input.name}" has shape ${formatShape(inMeta.shape)}.`
        )
      }
    }
  }

  const outMeta = session.outputMetadata.find((m) => m.name === output.name)
  if (outMeta && !outMeta.isTensor) {
    throw ModelValidationError.at('model', 'outputType', `Output "${output.name}" is not a tensor.`)
  }
  if (outMeta?.isTensor) {
    if (outMeta.type !== 'float32') {
      throw ModelValidationError.at(
        'model',
        'outputDtype',
        `Output "${output.name}" is ${outMeta.type}; model outputs must be float32 scores or probabilities.`
      )
    }
    if (outMeta.shape.length > 0) checkOutputShape(manifest, outMeta.shape, 'declares')
  }
}

async function dryRun(session: InferenceSession, manifest: ModelManifest): Promise<number[]> {
  const { input, output } = manifest
  let result: InferenceSession.ReturnType
  try {
    result = await session.run({ [input.name]: inputFeed(manifest) }, [output.name], { logSeverityLevel: 4 })
  } catch (error) {
    throw ModelValidationError.at(
      'model',
      'dryRun',
      `The model failed on a dry run with a ${input.dtype} input of shape ${formatShape(input.shape)}: ${runtimeMessage(error)}`
    )
  }
  const value = result[output.name]
  if (!(value instanceof ort.Tensor) || value.type !== 'float32') {
    throw ModelValidationError.at(
      'model',
      'outputDtype',
      `On the dry run, output "${output.name}" was not a float32 tensor.`
    )
  }
  const dims = [...value.dims]
  checkOutputShape(manifest, dims, 'produced')

  const data = value.data as Float32Array
  let nan = 0
  let infinite = 0
  let min = Infinity
  let max = -Infinity
  for (const v of data) {
    if (Number.isNaN(v)) nan++
    else if (!Number.isFinite(v)) infinite++
    else {
      if (v < min) min = v
      if (v > max) max = v
    }
  }
  if (nan + infinite > 0) {
    const what = [nan ? `${nan} NaN` : '', infinite ? `${infinite} infinite` : '']
      .filter(Boolean)
      .join(' and ')
    throw ModelValidationError.at(
      'model',
      'nonFinite',
      `On the dry run the model produced ${what} value(s) out of ${data.length} in output "${output.name}".`
    )
  }
  // A single-channel segmentation is thresholded as a probability; logits would make the threshold
  // meaningless. (Multi-channel outputs are read by argmax, where the scale does not matter.)
  if (manifest.output.kind === 'segmentation' && dims[1] === 1 && (min < 0 || max > 1)) {
    throw ModelValidationError.at(
      'model',
      'probabilityRange',
      `Output "${output.name}" is a single-channel segmentation, so it must hold probabilities in [0, 1]; the dry run gave values from ${min} to ${max} (add a Sigmoid).`
    )
  }
  return dims
}

/**
 * Validates an uploaded model against its manifest. Resolves with what was checked and measured;
 * rejects with ModelValidationError for anything the platform should not run. The onnxruntime session
 * used for the checks is always released before returning.
 */
export async function validateModel(
  bytes: Uint8Array,
  manifestInput: unknown,
  options: ValidateModelOptions = {}
): Promise<ValidatedModel> {
  const manifest = await parseManifest(manifestInput)
  const model = inspect(bytes, options.maxBytes ?? MAX_MODEL_BYTES)
  const sha256 = createHash('sha256').update(bytes).digest('hex')

  const sessionOptions: InferenceSession.SessionOptions = {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    // Fatal only: every failure here is reported to the uploader as a refusal, so onnxruntime's own
    // stderr lines about the same failure would only be noise in the server log.
    logSeverityLevel: 4,
    ...(options.intraOpNumThreads ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
  }
  const create = options.createSession ?? createOrtSession
  const loadStarted = performance.now()
  let session: InferenceSession
  try {
    session = await create(bytes, sessionOptions)
  } catch (error) {
    throw ModelValidationError.at(
      'model',
      'load',
      `onnxruntime could not load the model: ${runtimeMessage(error)}`
    )
  }
  const loadMs = performance.now() - loadStarted

  try {
    checkDeclarations(session, manifest)
    const runStarted = performance.now()
    const outputShape = await dryRun(session, manifest)
    const dryRunMs = performance.now() - runStarted
    return {
      manifest,
      sha256,
      sizeBytes: bytes.byteLength,
      irVersion: Number(model.irVersion),
      opsets: Object.fromEntries(model.opsetImport.map((o) => [o.domain || 'ai.onnx', Number(o.version)])),
      producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
      outputShape,
      loadMs,
      dryRunMs,
    }
  } finally {
    // A failing release cannot be acted on by the uploader and must not hide the verdict above.
    await session.release().catch(() => {})
  }
}
