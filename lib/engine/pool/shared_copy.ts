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
 * @param copies Shared copies made before, by source array: one whose source still holds the
 *   same bits is reused instead of copied again (a pool keeps these, so the planes of a run share
 *   one copy of its samples: every new SharedArrayBuffer stays mapped until all the isolates that
 *   saw it have collected it).
 * @returns The shared copy.
 * @example
 * ```ts
 * import { shareTypedArrays } from "./shared_copy.ts";
 * const shared = shareTypedArrays({ x: new Float32Array([1, 2]), name: "plane" });
 * console.log(shared.x.buffer instanceof SharedArrayBuffer, shared.x[1]); // true 2
 * ```
 */
export function shareTypedArrays<T>(value: T, copies?: SharedCopies): T {
  if (typeof SharedArrayBuffer === "undefined") return value;
  return share(value, copies) as T;
}

/** Shared copies by their source arrays, for {@linkcode shareTypedArrays} to reuse. */
export type SharedCopies = WeakMap<object, AnyTypedArray>;

function share(value: unknown, copies: SharedCopies | undefined): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const source = value as AnyTypedArray;
    const made = copies?.get(source);
    if (made !== undefined && sameBits(made, source)) return made;
    const Kind = source.constructor as new (buffer: SharedArrayBuffer) => AnyTypedArray;
    const copy = new Kind(new SharedArrayBuffer(source.byteLength));
    copy.set(source as never);
    copies?.set(source, copy);
    return copy;
  }
  if (Array.isArray(value)) return value.map((item) => share(item, copies));
  if (
    value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype
  ) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, share(item, copies)]),
    );
  }
  return value;
}

/** Whether two typed arrays of one type hold the same bytes. */
function sameBits(a: AnyTypedArray, b: AnyTypedArray): boolean {
  if (a.constructor !== b.constructor || a.byteLength !== b.byteLength) return false;
  const words = a.byteLength % 4 === 0 && a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0;
  const view = (t: AnyTypedArray) =>
    words
      ? new Int32Array(t.buffer, t.byteOffset, t.byteLength / 4)
      : new Uint8Array(t.buffer, t.byteOffset, t.byteLength);
  const [x, y] = [view(a), view(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
