/**
 * Moves the typed arrays of an options object into SharedArrayBuffers, so that posting it to
 * many workers shares one copy of the data instead of cloning it once per worker (measured:
 * cloning the default scan's 7.5 MB of weights and digits costs ~10 ms per worker, serially on
 * the calling thread, and holds a copy per worker). Model-agnostic: it walks any plain object.
 * @module
 */

type AnyTypedArray =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray;

/**
 * Returns a copy of `value` in which every typed array lives in a SharedArrayBuffer; plain
 * objects and arrays are copied, every other value is kept as it is. Without
 * SharedArrayBuffer (some edge runtimes) it returns `value` itself, which then gets cloned.
 *
 * @param value An options object, e.g. what `createPlaneEvaluator` takes.
 * @returns The shared copy.
 * @example
 * ```ts
 * import { shareTypedArrays } from "./shared_copy.ts";
 * const shared = shareTypedArrays({ x: new Float32Array([1, 2]), name: "plane" });
 * console.log(shared.x.buffer instanceof SharedArrayBuffer, shared.x[1]); // true 2
 * ```
 */
export function shareTypedArrays<T>(value: T): T {
  if (typeof SharedArrayBuffer === "undefined") return value;
  return share(value) as T;
}

function share(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const source = value as AnyTypedArray;
    const Kind = source.constructor as new (buffer: SharedArrayBuffer) => AnyTypedArray;
    const copy = new Kind(new SharedArrayBuffer(source.byteLength));
    copy.set(source as never);
    return copy;
  }
  if (Array.isArray(value)) return value.map(share);
  if (
    value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype
  ) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, share(item)]));
  }
  return value;
}
