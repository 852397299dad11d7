/**
 * The tile endpoint: a fetch handler (`export default { fetch }`) that evaluates one tile of a
 * scan per POSTed JSON request (docs/formats.md, "Tile requests"). The same module runs under
 * `deno serve` (`deno task serve:tile`) and in edge runtimes (Cloudflare Workers / workerd,
 * Deno Deploy, Vercel-style edge functions); it touches no file system and no Node built-in.
 * Outside Deno, upload the kernel next to the script as the wasm module `kernel.wasm` (and
 * name its build in the text binding `KERNEL_VARIANT`): Workers runtimes forbid compiling wasm
 * from bytes, so the embedded kernel only serves where that is allowed.
 * @module
 */
import type { KernelVariant } from "../engine/mod.ts";
import { answerTile } from "./answer_tile.ts";
import { createPlaneCache } from "./plane_cache.ts";
import { TileRequestError } from "./tile_request_error.ts";

/** Limits and kernel of a tile endpoint. */
export interface TileHandlerOptions {
  /** The most bytes a request body may hold. Default 64 MiB. */
  maxRequestBytes?: number;
  /** The most bytes a file fetched for a request (a vector or data URL) may hold. Default 64 MiB. */
  maxFetchBytes?: number;
  /** The most points x samples x parameters per request. Default 2e11 (seconds of kernel time). */
  maxWork?: number;
  /** Requests evaluated at once; more are answered 429. Default 2. */
  maxConcurrent?: number;
  /** Planes kept ready for later tiles (each holds its samples and products). Default 2. */
  maxPlanes?: number;
  /** The kernel: a precompiled module or a build; default `"auto"` (see `evaluateTile`). */
  kernel?: KernelVariant | "auto" | WebAssembly.Module;
  /** The build of `kernel` when it is a module. */
  kernelVariant?: KernelVariant;
  /** The fetch used for inputs given by URL (default `globalThis.fetch`). */
  fetch?: typeof fetch;
}

/** A fetch handler: what `deno serve` and edge runtimes call for each request. */
export interface TileHandler {
  /**
   * Answers one HTTP request: POST a tile request, get its losses; GET describes the limits.
   * `env` is the runtime's bindings (workerd: the text `KERNEL_VARIANT`), ignored elsewhere.
   */
  fetch(request: Request, env?: unknown): Promise<Response>;
}

const MiB = 1024 * 1024;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

async function readBody(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new TileRequestError(413, `request: the body holds more than ${maxBytes} bytes, the limit`);
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body ?? []) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) bytes.set(chunk, (at += chunk.length) - chunk.length);
  return new TextDecoder().decode(bytes);
}

/** The `kernel.wasm` module uploaded next to this script, where the runtime is not Deno. */
async function uploadedKernel(): Promise<WebAssembly.Module | undefined> {
  if ("Deno" in globalThis) return undefined;
  // A specifier in a variable: bundlers leave the import to the runtime's module registry.
  const specifier = "./kernel.wasm";
  try {
    const module = (await import(specifier)).default;
    return module instanceof WebAssembly.Module ? module : undefined;
  } catch {
    return undefined; // no such module: the embedded kernel, where compiling bytes is allowed
  }
}

function variantBinding(env: unknown): KernelVariant | undefined {
  const variant = (env as Record<string, unknown> | undefined)?.KERNEL_VARIANT;
  return variant === "simd" || variant === "relaxed-simd" ? variant : undefined;
}

/**
 * Creates a tile endpoint's fetch handler with its limits.
 *
 * @param options Limits (request bytes, fetched bytes, work, concurrency) and kernel.
 * @returns The handler; export it as a module's default for `deno serve` or workerd.
 * @example
 * ```ts
 * import { createTileHandler } from "./tile_handler.ts";
 * const handler = createTileHandler({ maxConcurrent: 1 });
 * const response = await handler.fetch(new Request("http://localhost/", { method: "POST", body: "[" }));
 * console.log(response.status, await response.json()); // 400 { error: "request: expected JSON, ..." }
 * ```
 */
export function createTileHandler(options: TileHandlerOptions = {}): TileHandler {
  const {
    maxRequestBytes = 64 * MiB,
    maxFetchBytes = 64 * MiB,
    maxWork = 2e11,
    maxConcurrent = 2,
    maxPlanes = 2,
  } = options;
  const limits = { maxRequestBytes, maxFetchBytes, maxWork, maxConcurrent, maxPlanes };
  const cache = createPlaneCache(maxPlanes);
  let active = 0;
  let uploaded: Promise<WebAssembly.Module | undefined> | undefined;
  return {
    async fetch(request, env) {
      if (request.method === "GET") return json(200, { service: "losscape tile endpoint", limits });
      if (request.method !== "POST") {
        return json(405, { error: `method: expected POST (or GET), got ${request.method}` }, {
          allow: "GET, POST",
        });
      }
      if (active >= maxConcurrent) {
        await request.body?.cancel();
        return json(429, { error: `busy: ${active} requests running, the limit` }, {
          "retry-after": "1",
        });
      }
      active++;
      try {
        const text = await readBody(request, maxRequestBytes);
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch (error) {
          throw new TileRequestError(
            400,
            `request: expected JSON, got a parse error: ${(error as Error).message}`,
          );
        }
        uploaded ??= options.kernel === undefined ? uploadedKernel() : Promise.resolve(undefined);
        const kernel = (await uploaded) ?? options.kernel;
        const kernelVariant = options.kernelVariant ?? variantBinding(env);
        const context = { kernel, kernelVariant, maxWork, maxFetchBytes, cache };
        return json(200, await answerTile(body, { ...context, fetch: options.fetch }));
      } catch (error) {
        if (error instanceof TileRequestError) return json(error.status, { error: error.message });
        return json(500, { error: `internal: ${(error as Error).message ?? error}` });
      } finally {
        active--;
      }
    },
  };
}

/** The endpoint with the default limits: `deno serve lib/edge/tile_handler.ts`. */
const handler: TileHandler = createTileHandler();
export default handler;
