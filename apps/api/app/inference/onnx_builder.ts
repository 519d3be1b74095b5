import { create, toBinary } from '@bufbuild/protobuf'
import {
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  StringStringEntryProtoSchema,
  TensorProto_DataType,
  TensorProtoSchema,
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  ValueInfoProtoSchema,
  type AttributeProto,
  type ModelProto,
  type TensorProto,
  type ValueInfoProto,
} from 'onnx-buf'

/**
 * A deliberately small ONNX graph writer: enough to express the platform's demonstration model and
 * the hand-made broken models the validation tests need, with every byte decided by the caller so the
 * output is reproducible. It is not a general exporter.
 */

/** Element types the builder can declare or store. */
export type ElementType = 'float32' | 'uint8' | 'int32' | 'int64'

const DATA_TYPE: Record<ElementType, TensorProto_DataType> = {
  float32: TensorProto_DataType.FLOAT,
  uint8: TensorProto_DataType.UINT8,
  int32: TensorProto_DataType.INT32,
  int64: TensorProto_DataType.INT64,
}

/** A graph input or output. A string dimension is symbolic (e.g. 'N'); null leaves it unnamed. */
export type ValueSpec = {
  name: string
  type: ElementType
  shape: ReadonlyArray<number | string | null>
}

/** A constant tensor stored in the model (weights, shapes, scalars). */
export type InitializerSpec = {
  name: string
  type: ElementType
  dims: readonly number[]
  values: ArrayLike<number> | readonly bigint[]
}

/** Attribute values are tagged because ONNX distinguishes 1 (INT) from 1.0 (FLOAT). */
export type AttributeValue =
  | { kind: 'int'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'float'; value: number }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'string'; value: string }

export const attr = {
  int: (value: number): AttributeValue => ({ kind: 'int', value }),
  ints: (value: readonly number[]): AttributeValue => ({ kind: 'ints', value }),
  float: (value: number): AttributeValue => ({ kind: 'float', value }),
  floats: (value: readonly number[]): AttributeValue => ({ kind: 'floats', value }),
  string: (value: string): AttributeValue => ({ kind: 'string', value }),
}

export type NodeSpec = {
  op: string
  inputs: readonly string[]
  outputs: readonly string[]
  name?: string
  attributes?: Readonly<Record<string, AttributeValue>>
}

export type ModelSpec = {
  graphName: string
  inputs: readonly ValueSpec[]
  outputs: readonly ValueSpec[]
  nodes: readonly NodeSpec[]
  initializers?: readonly InitializerSpec[]
  /** Default-domain opset. 17 is supported by every onnxruntime release since 1.13. */
  opset?: number
  /** IR version 8 is the one that ships with opset 17. */
  irVersion?: number
  docString?: string
  producerVersion?: string
  modelVersion?: number
  metadata?: Readonly<Record<string, string>>
}

export const DEFAULT_OPSET = 17
export const DEFAULT_IR_VERSION = 8

const utf8 = new TextEncoder()

function valueInfo(spec: ValueSpec): ValueInfoProto {
  return create(ValueInfoProtoSchema, {
    name: spec.name,
    type: create(TypeProtoSchema, {
      value: {
        case: 'tensorType',
        value: create(TypeProto_TensorSchema, {
          elemType: DATA_TYPE[spec.type],
          shape: create(TensorShapeProtoSchema, {
            dim: spec.shape.map((d) =>
              create(TensorShapeProto_DimensionSchema, {
                value:
                  d === null
                    ? { case: undefined }
                    : typeof d === 'string'
                      ? { case: 'dimParam', value: d }
                      : { case: 'dimValue', value: BigInt(d) },
              })
            ),
          }),
        }),
      },
    }),
  })
}

/** Little-endian raw bytes, written through DataView so the output does not depend on the host. */
function rawBytes(type: ElementType, values: InitializerSpec['values']): Uint8Array<ArrayBuffer> {
  const width = type === 'uint8' ? 1 : type === 'int64' ? 8 : 4
  const out = new Uint8Array(values.length * width)
  const view = new DataView(out.buffer)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    switch (type) {
      case 'float32':
        view.setFloat32(i * 4, Number(v), true)
        break
      case 'uint8':
        view.setUint8(i, Number(v))
        break
      case 'int32':
        view.setInt32(i * 4, Number(v), true)
        break
      case 'int64':
        view.setBigInt64(i * 8, typeof v === 'bigint' ? v : BigInt(v), true)
        break
    }
  }
  return out
}

export function tensorProto(spec: InitializerSpec): TensorProto {
  const count = spec.dims.reduce((a, b) => a * b, 1)
  if (count !== spec.values.length) {
    throw new Error(`Initializer "${spec.name}" declares ${count} elements but has ${spec.values.length}`)
  }
  return create(TensorProtoSchema, {
    name: spec.name,
    dataType: DATA_TYPE[spec.type],
    dims: spec.dims.map((d) => BigInt(d)),
    rawData: rawBytes(spec.type, spec.values),
  })
}

function attribute(name: string, value: AttributeValue): AttributeProto {
  switch (value.kind) {
    case 'int':
      return create(AttributeProtoSchema, {
        name,
        type: AttributeProto_AttributeType.INT,
        i: BigInt(value.value),
      })
    case 'ints':
      return create(AttributeProtoSchema, {
        name,
        type: AttributeProto_AttributeType.INTS,
        ints: value.value.map((v) => BigInt(v)),
      })
    case 'float':
      return create(AttributeProtoSchema, {
        name,
        type: AttributeProto_AttributeType.FLOAT,
        f: value.value,
      })
    case 'floats':
      return create(AttributeProtoSchema, {
        name,
        type: AttributeProto_AttributeType.FLOATS,
        floats: [...value.value],
      })
    case 'string':
      return create(AttributeProtoSchema, {
        name,
        type: AttributeProto_AttributeType.STRING,
        s: utf8.encode(value.value),
      })
  }
}

/** The model as a protobuf message, for callers that want to adjust it before encoding. */
export function buildModelProto(spec: ModelSpec): ModelProto {
  const graph = create(GraphProtoSchema, {
    name: spec.graphName,
    input: spec.inputs.map(valueInfo),
    output: spec.outputs.map(valueInfo),
    initializer: (spec.initializers ?? []).map(tensorProto),
    node: spec.nodes.map((n, index) =>
      create(NodeProtoSchema, {
        name: n.name ?? `${n.op.toLowerCase()}_${index}`,
        opType: n.op,
        input: [...n.inputs],
        output: [...n.outputs],
        // Sorted so that the encoding never depends on object key order at the call site.
        attribute: Object.entries(n.attributes ?? {})
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([name, value]) => attribute(name, value)),
      })
    ),
  })
  return create(ModelProtoSchema, {
    irVersion: BigInt(spec.irVersion ?? DEFAULT_IR_VERSION),
    opsetImport: [
      create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(spec.opset ?? DEFAULT_OPSET) }),
    ],
    producerName: 'tessera',
    producerVersion: spec.producerVersion ?? '1',
    modelVersion: BigInt(spec.modelVersion ?? 1),
    docString: spec.docString ?? '',
    metadataProps: Object.entries(spec.metadata ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => create(StringStringEntryProtoSchema, { key, value })),
    graph,
  })
}

export function encodeModel(model: ModelProto): Uint8Array {
  return toBinary(ModelProtoSchema, model)
}

/** Serialised ONNX bytes for a model spec. */
export function buildModel(spec: ModelSpec): Uint8Array {
  return encodeModel(buildModelProto(spec))
}
