/**
 * One tile sent to one endpoint: the request, the timeout, and the checks on the answer. A
 * failure says whether another endpoint may succeed (network error, timeout, 429, 5xx, an
 * answer that is not a tile response) or the request itself is refused (any other 4xx).
 * @module
 */
import type { TileResponse } from "./tile_protocol.ts";

/** Why a tile failed on one endpoint. */
export interface TileFailure {
  /** True when another endpoint (or a later try) may succeed. */
  retry: boolean;
  /** True when the endpoint was only busy (429): not counted against its health. */
  busy: boolean;
  /** True when the endpoint no longer holds the plane a short request named (409). */
  stale?: boolean;
  /** What went wrong, for the message. */
  reason: string;
}

/** The losses of a tile, or why it failed. */
export type TileOutcome = { ok: true; response: TileResponse } | {
  ok: false;
  failure: TileFailure;
};

function garbage(reason: string): TileOutcome {
  return { ok: false, failure: { retry: true, busy: false, reason: `answered ${reason}` } };
}

function isMetric(values: unknown, count: number): boolean {
  return Array.isArray(values) && values.length === count &&
    values.every((value) => value === null || Number.isFinite(value));
}

/**
 * POSTs one tile request and checks the answer against the tile it asked for.
 *
 * @param endpoint The endpoint's URL.
 * @param body The request's JSON text.
 * @param indices The tile's grid indices (the answer must list the same).
 * @param options Timeout, an abort signal for the whole scan, and the fetch to use.
 * @returns The checked response, or the failure.
 * @example
 * ```ts ignore
 * import { sendTile } from "./remote_tile.ts";
 * const outcome = await sendTile("http://127.0.0.1:8000/", body, [0, 1], { timeoutMs: 60000 });
 * ```
 */
export async function sendTile(
  endpoint: string,
  body: string,
  indices: number[],
  options: { timeoutMs: number; signal?: AbortSignal; fetch?: typeof fetch },
): Promise<TileOutcome> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let status: number;
  let text: string;
  try {
    const response = await (options.fetch ?? fetch)(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      signal,
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const reason = timeout.aborted
      ? `did not answer within ${options.timeoutMs / 1000} s`
      : `could not be reached (${(error as Error).message})`;
    return { ok: false, failure: { retry: true, busy: false, reason } };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const start = JSON.stringify(text.slice(0, 40));
    return garbage(`HTTP ${status} with a body that is not JSON (${start}...)`);
  }
  if (status !== 200) {
    const message = (parsed as { error?: unknown } | null)?.error;
    const reason = `answered HTTP ${status}${typeof message === "string" ? `: ${message}` : ""}`;
    const retry = status === 429 || status === 409 || status >= 500;
    return { ok: false, failure: { retry, busy: status === 429, stale: status === 409, reason } };
  }
  const response = parsed as Partial<TileResponse> | null;
  const sameTile = Array.isArray(response?.indices) &&
    response.indices.length === indices.length &&
    response.indices.every((index, i) => index === indices[i]);
  if (!sameTile) return garbage("a response for other grid points");
  if (!isMetric(response?.loss, indices.length) || !isMetric(response?.accuracy, indices.length)) {
    return garbage(`a response without ${indices.length} losses and accuracies`);
  }
  if (response?.plane !== undefined && typeof response.plane !== "string") {
    return garbage("a plane id that is not text");
  }
  return { ok: true, response: response as TileResponse };
}
