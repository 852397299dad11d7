/**
 * The Worker behind `h5_sandbox.ts`: loads h5wasm, says so, then parses each `.h5` it is sent
 * and posts back what it holds, or the error's message (and whether it is bad input).
 * @module
 */
import { LosscapeError } from "../../../errors.ts";

const scope = self as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
};

// The HDF5 library prints pages of diagnostics to stderr for a damaged file; the error that
// matters comes back as a message. Silenced before h5wasm loads, in this Worker only.
console.error = () => {};
console.warn = () => {};
const { parseKerasH5 } = await import("./h5_weights.ts");
const { default: h5wasm } = await import("npm:h5wasm@0.10.3");

scope.onmessage = async ({ data }: MessageEvent<{ bytes: Uint8Array; path: string }>) => {
  try {
    scope.postMessage({ ok: true, h5: await parseKerasH5(data.bytes, data.path) });
  } catch (error) {
    scope.postMessage({
      ok: false,
      user: error instanceof LosscapeError,
      message: String((error as Error)?.message ?? error),
    });
  }
};

await h5wasm.ready;
scope.postMessage({ ready: true });
