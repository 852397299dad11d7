/**
 * The program the kernel runs per grid point: tensor shapes as the kernel stores them (channels
 * padded to multiples of 4), the ops in order, and where each parameter tensor goes in the packed
 * per-point weight vector. Built by `planModel` (model_plan.ts), run by `model_runner.ts`.
 * @module
 */

/**
 * One activation tensor per sample, as stored: `h * w` pixels of `stride` floats, of which the
 * first `c` are channels (the rest padding). A flattened image keeps its padding: logical element
 * i sits at `floor(i / groupC) * groupStride + i % groupC` (see {@linkcode physicalIndex}).
 */
export interface TensorDesc {
  /** Height (1 for flat vectors). */
  h: number;
  /** Width (1 for flat vectors). */
  w: number;
  /** Logical channels (features for flat vectors). */
  c: number;
  /** Floats per pixel as stored. */
  stride: number;
  /** Logical elements per stored group (channels of the image a vector was flattened from). */
  groupC: number;
  /** Floats per stored group. */
  groupStride: number;
}

/** Kernel code of an element-wise activation (assembly/activations.ts); 0 is the identity. */
export const ACTIVATION_CODES = {
  linear: 0,
  relu: 1,
  "leaky-relu": 2,
  elu: 3,
  tanh: 4,
  sigmoid: 5,
  gelu: 6,
} as const;

/**
 * One step of the per-point program. Buffers are indices into `ModelPlan.bufferFloats`; every op
 * carries the shapes its kernel call needs, so the runner only adds pointers.
 */
export type KernelOp =
  | {
    kind: "first";
    out: number;
    desc: TensorDesc;
    relu: boolean;
    /** Set when a 2x2 stride-2 max pool is fused in: the pooled output (written to `out`). */
    pooled?: TensorDesc;
  }
  | {
    kind: "dense";
    input: number;
    out: number;
    depth: number;
    width: number;
    kernel: number;
    bias: number;
    relu: boolean;
  }
  | {
    kind: "conv";
    input: number;
    out: number;
    inDesc: TensorDesc;
    outDesc: TensorDesc;
    /** Buffer for the zero-padded input, or -1 when the windows fit the input as it is. */
    padded: number;
    geometry: ConvGeometry;
    kernel: number;
    bias: number;
    relu: boolean;
    /** Run by Winograd F(2x2, 3x3) (3x3 stride-1 kernels), or null for direct convolution. */
    winograd: WinogradPlan | null;
  }
  | {
    kind: "pool";
    input: number;
    out: number;
    inDesc: TensorDesc;
    outDesc: TensorDesc;
    window: [number, number];
    strides: [number, number];
    pad: [number, number];
    average: boolean;
  }
  | { kind: "global-avg-pool"; input: number; out: number; inDesc: TensorDesc }
  | {
    kind: "batch-norm";
    input: number;
    out: number;
    desc: TensorDesc;
    params: number;
    epsilon: number;
  }
  | {
    kind: "activation";
    input: number;
    out: number;
    desc: TensorDesc;
    code: number;
    alpha: number;
  }
  | { kind: "softmax"; input: number; out: number; desc: TensorDesc }
  | { kind: "add"; a: number; b: number; out: number; desc: TensorDesc; relu: boolean }
  | {
    /** A weightless layer after the first parameterised one (host loop, see host_ops.ts). */
    kind: "reshape";
    input: number;
    out: number;
    inDesc: TensorDesc;
    outDesc: TensorDesc;
  }
  | {
    /** `x * scale[c] + offset[c]` per stored channel (rescaling, normalization): batch norm's kernel. */
    kind: "affine";
    input: number;
    out: number;
    desc: TensorDesc;
    scale: Float32Array;
    offset: Float32Array;
    /** Float offset in `ModelPlan.constants` of [scale | offset | zeros | ones], stride each. */
    constants: number;
  };

/** A convolution's sizes: kernel, strides, "same" padding before (top, left), padded input. */
export interface ConvGeometry {
  /** Kernel height and width. */
  kernel: [number, number];
  /** Strides. */
  strides: [number, number];
  /** Zero rows above and columns left of the input (TF's floor(pad_total / 2)). */
  pad: [number, number];
  /** Input size the windows need, `(out - 1) * stride + kernel` per axis. */
  paddedSize: [number, number];
  /** Input channels each tap reads. */
  cin: number;
  /** Output channels padded to a multiple of 4. */
  coutp: number;
}

/** Where a Winograd convolution keeps its tiles and its transformed weights. */
export interface WinogradPlan {
  /** Output tiles of 2x2 pixels per sample: ceil(outH / 2), ceil(outW / 2). */
  tiles: [number, number];
  /** Buffer for the zero-padded input, `(2 tiles + 2)` pixels a side. */
  padded: number;
  /** Buffer of the transformed input tiles (16 x input pixel stride floats per tile). */
  inputTiles: number;
  /** Buffer of the 16 per-position products (16 x coutp floats per tile). */
  products: number;
  /** Float offset of the transformed weights [16, input stride, coutp] in the packed vector. */
  weights: number;
}

/** Copies one parameter tensor, viewed as `rows x cols`, into a packed vector. */
export interface PackEntry {
  /** Tensor name in the model layout. */
  name: string;
  /** Rows of the source (all axes but the last). */
  rows: number;
  /** Columns of the source (its last axis). */
  cols: number;
  /** Float offset of the destination in the packed vector. */
  offset: number;
  /** Floats between destination rows. */
  rowStride: number;
  /** Destination row of source row r (inputs of a dense layer after a padded flatten). */
  rowOf: (row: number) => number;
}

/** The precomputed first layer: its linear op runs once per sample at setup, per vector. */
export interface FirstLayerPlan {
  /** The op without activation; reads buffer 0 (raw samples), its weight offsets unused. */
  op: Extract<KernelOp, { kind: "dense" | "conv" }>;
  /** Its output per sample. */
  out: TensorDesc;
  /** Its kernel as `rows x cols` (offset 0, rowStride = the padded width). */
  kernel: PackEntry;
  /** Its bias tensor's name, or null without bias. */
  bias: string | null;
  /** Output channels padded to a multiple of 4. */
  width: number;
}

/** How the engine runs one model. */
export interface ModelPlan {
  /** Stored shape of a raw input sample. */
  input: TensorDesc;
  /** Floats per sample of every buffer; buffer 0 (raw samples or products) is sized apart. */
  bufferFloats: number[];
  /** The first layer when it is precomputed, else null. */
  first: FirstLayerPlan | null;
  /** The per-point program. */
  ops: KernelOp[];
  /** Buffer holding the outputs. */
  output: number;
  /** Floats between consecutive samples' outputs. */
  outputStride: number;
  /** Packing of the per-point weights. */
  entries: PackEntry[];
  /** Floats per point of packed weights; a multiple of 4. */
  packedSize: number;
  /** Valid outputs (classes, or 1 for binary cross-entropy). */
  outputs: number;
  /** Loss on the outputs. */
  loss: "softmax-cross-entropy" | "binary-cross-entropy" | "mse" | "probability-cross-entropy";
  /**
   * The model's leading weightless layers (rescaling, normalization) as one affine map per raw
   * input feature, applied to the samples once when they are placed; null when there is none.
   */
  inputAffine?: { scale: Float32Array; offset: Float32Array } | null;
  /** Constants the affine ops read (placed in kernel memory once), or null. */
  constants?: Float32Array | null;
}

/** Rounds up to the SIMD width. */
export const padTo4 = (n: number): number => Math.ceil(n / 4) * 4;

/**
 * Where logical element i of a tensor is stored within its sample.
 *
 * @param desc The tensor.
 * @param i Logical index (row-major over h, w, c).
 * @returns The float offset inside the stored sample.
 * @example
 * ```ts
 * import { physicalIndex } from "./model_ops.ts";
 * const flat = { h: 1, w: 1, c: 6, stride: 8, groupC: 3, groupStride: 4 };
 * console.log(physicalIndex(flat, 4)); // 5
 * ```
 */
export function physicalIndex(desc: TensorDesc, i: number): number {
  return Math.floor(i / desc.groupC) * desc.groupStride + (i % desc.groupC);
}

/**
 * Floats of one stored sample of a tensor.
 *
 * @param desc The tensor.
 * @returns `h * w * stride`.
 * @example
 * ```ts
 * import { sampleFloats } from "./model_ops.ts";
 * console.log(sampleFloats({ h: 2, w: 2, c: 3, stride: 4, groupC: 3, groupStride: 4 })); // 16
 * ```
 */
export function sampleFloats(desc: TensorDesc): number {
  return desc.h * desc.w * desc.stride;
}
