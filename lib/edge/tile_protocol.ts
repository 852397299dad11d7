/**
 * The tile protocol: one JSON request describes a scan (model, centre, directions, samples, grid
 * axes) and the tile of grid points to evaluate; the answer holds their losses and accuracies.
 * The tile endpoint and `--remote` scans share these types (docs/formats.md, "Tile requests").
 * @module
 */
import type { ModelSpec } from "../model/spec.ts";
import type { KernelVariant } from "../engine/core.ts";

/** A float32 vector: inline base64 of its little-endian bytes, or a URL of an `.npy` or raw file. */
export type TileVector = string | { url: string };

/** The samples: inline features and labels, or URLs of two `.npy` files, or of one CSV file. */
export type TileData =
  | {
    /** Features, `[count, features]` row-major, base64 little-endian float32. */
    x: string;
    /** Class labels, one per sample. */
    y: number[];
    /** Features per sample. */
    features: number;
    /** Number of classes. */
    classes: number;
    /** Per-sample shape (e.g. `[28, 28, 1]`), when the model needs it. */
    shape?: number[];
  }
  | {
    /** URL of the features `.npy` (`[count, ...]`). */
    url: string;
    /** URL of the labels `.npy` (`[count]`). */
    labels: string;
    /** Number of classes; default the largest label plus one. */
    classes?: number;
  }
  | {
    /** URL of a CSV file with a header row. */
    csv: string;
    /** Label column, by name or 0-based index; default the last. */
    label?: string | number;
    /** Number of classes; default the largest label plus one. */
    classes?: number;
  };

/** What a tile endpoint is asked: one tile of one plane of a scan. */
export interface TileRequest {
  /** The model. */
  model: ModelSpec;
  /** Weights at the origin of the plane. */
  center: TileVector;
  /** Direction of the x axis. */
  d1: TileVector;
  /** Direction of the y axis; omit or `null` for a 1D scan. */
  d2?: TileVector | null;
  /** The samples the loss is averaged over. */
  data: TileData;
  /** The grid axes: steps along d1 and d2 (`ycoordinates` null or omitted for 1D). */
  grid: { xcoordinates: number[]; ycoordinates?: number[] | null };
  /**
   * The points: row-major grid indices (`j * nx + i`), or a rectangle of half-open index
   * ranges `x: [i0, i1]`, `y: [j0, j1]`.
   */
  tile: { indices: number[] } | { x: [number, number]; y?: [number, number] };
  /** Kernel build to run; the endpoint answers 422 when it runs another. Default: its own. */
  kernel?: KernelVariant;
}

/** A later tile of a plane the endpoint answered before (the `plane` id of its response). */
export interface TileReference {
  /** The plane's id, from an earlier response. */
  plane: string;
  /** The points, as in a full request. */
  tile: TileRequest["tile"];
}

/** A tile endpoint's answer. */
export interface TileResponse {
  /** The points evaluated, row-major grid indices, in request order. */
  indices: number[];
  /** Mean loss per point; `null` where it is not finite. */
  loss: (number | null)[];
  /** Accuracy per point; `null` where the loss is not finite. */
  accuracy: (number | null)[];
  /** Kernel build that ran (`"module"`: a precompiled module of unnamed build). */
  kernel: KernelVariant | "module";
  /** The plane's id when the endpoint keeps it: later tiles may send a `TileReference`. */
  plane?: string;
}

/** A refused request's body, with the HTTP status it came with. */
export interface TileError {
  /** One line naming the field and what was expected. */
  error: string;
}

const littleEndian = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

/** Native base64 on Uint8Array where the runtime has it (V8 14+); older edge runtimes do not. */
const native = Uint8Array as unknown as {
  fromBase64?: (text: string) => Uint8Array<ArrayBuffer>;
  prototype: { toBase64?: () => string };
};

/**
 * Encodes float32 values as base64 of their little-endian bytes (the inline vector format).
 *
 * @param values The values.
 * @returns The base64 text.
 * @example
 * ```ts
 * import { encodeFloat32Base64 } from "./tile_protocol.ts";
 * console.log(encodeFloat32Base64(new Float32Array([1]))); // "AACAPw=="
 * ```
 */
export function encodeFloat32Base64(values: Float32Array): string {
  let bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (!littleEndian) {
    bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    values.forEach((value, i) => view.setFloat32(i * 4, value, true));
  }
  if (native.prototype.toBase64) return (bytes as unknown as { toBase64(): string }).toBase64();
  let text = "";
  // Chunks keep String.fromCharCode's argument list short.
  for (let at = 0; at < bytes.length; at += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(text);
}

function decodeBase64(text: string, field: string): Uint8Array<ArrayBuffer> {
  try {
    if (native.fromBase64) return native.fromBase64(text);
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    throw new TypeError(`${field}: expected base64 text, got other characters`);
  }
}

/**
 * Decodes base64 little-endian float32 bytes.
 *
 * @param text The base64 text.
 * @param field The request field, for the message.
 * @returns The values.
 * @throws {TypeError} When the text is not base64 or its length is not a multiple of 4 bytes.
 * @example
 * ```ts
 * import { decodeFloat32Base64 } from "./tile_protocol.ts";
 * console.log(decodeFloat32Base64("AACAPw==", "center")); // Float32Array [1]
 * ```
 */
export function decodeFloat32Base64(text: string, field: string): Float32Array {
  const bytes = decodeBase64(text, field);
  if (bytes.length % 4 !== 0) {
    throw new TypeError(`${field}: expected a multiple of 4 bytes (float32), got ${bytes.length}`);
  }
  if (littleEndian) return new Float32Array(bytes.buffer, 0, bytes.length / 4);
  const view = new DataView(bytes.buffer);
  return Float32Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}
