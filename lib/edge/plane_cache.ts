/**
 * Planes an endpoint keeps ready between requests. A full request whose vectors and samples are
 * all inline gets an id (SHA-256 of the fields that define the plane); later requests name the
 * id and their tile only, so the endpoint neither reads megabytes again nor recomputes the first
 * layer's products. Planes given by URL are not kept: their content may change under the URL.
 * @module
 */
import type { TilePlane } from "./evaluate_tile.ts";

/**
 * The id of a request's plane: hex SHA-256 of its model, vectors, samples, grid and kernel, or
 * null when a vector or the samples come by URL.
 *
 * @param body The parsed request (already checked by `parseTileRequest`).
 * @returns The id, or null.
 * @example
 * ```ts
 * import { planeId } from "./plane_cache.ts";
 * const id = await planeId({ model: {}, center: "", d1: "", data: { x: "" }, grid: {} });
 * console.log(id?.length); // 64
 * ```
 */
export async function planeId(body: Record<string, unknown>): Promise<string | null> {
  const { model, center, d1, d2 = null, data, grid, kernel = null } = body;
  const inline =
    [center, d1, d2].every((vector) => vector === null || typeof vector === "string") &&
    typeof (data as { x?: unknown } | null)?.x === "string";
  if (!inline) return null;
  const text = JSON.stringify([model, center, d1, d2, data, grid, kernel]);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The planes an endpoint keeps, least recently used dropped first. */
export interface PlaneCache {
  /** Planes kept at most (0: none, and no plane ids are given out). */
  readonly capacity: number;
  /** The plane with this id, if kept (it becomes the most recently used). */
  get(id: string): TilePlane | undefined;
  /** Keeps a plane, disposing of the least recently used one beyond the capacity. */
  set(id: string, plane: TilePlane): void;
}

/**
 * Creates a cache of ready planes.
 *
 * @param capacity Planes kept at most (each holds its samples and first-layer products).
 * @returns The cache.
 * @example
 * ```ts
 * import { createPlaneCache } from "./plane_cache.ts";
 * const cache = createPlaneCache(1);
 * console.log(cache.get("unknown")); // undefined
 * ```
 */
export function createPlaneCache(capacity: number): PlaneCache {
  const planes = new Map<string, TilePlane>();
  return {
    capacity,
    get(id) {
      const plane = planes.get(id);
      if (plane) {
        planes.delete(id);
        planes.set(id, plane);
      }
      return plane;
    },
    set(id, plane) {
      planes.get(id)?.dispose();
      planes.delete(id);
      planes.set(id, plane);
      for (const [oldest, dropped] of planes) {
        if (planes.size <= capacity) break;
        planes.delete(oldest);
        dropped.dispose();
      }
    },
  };
}
