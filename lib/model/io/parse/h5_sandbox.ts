/**
 * Runs the HDF5 parser in a Worker with a time limit. A damaged `.h5` can make the HDF5 library
 * loop forever inside wasm, where nothing on the same thread can stop it; a Worker can be
 * terminated. The Worker is kept for a short while between files (starting one and compiling
 * h5wasm takes about a second) and ended when idle, so it never keeps a process alive.
 * @module
 */
import { LosscapeError } from "../../../errors.ts";
import type { KerasH5 } from "./h5_weights.ts";

/** How long parsing may take: half a second plus 20 ms per MB of file. */
const limitMs = (bytes: number) => 500 + 20 * (bytes / 1e6);
/** An idle Worker is ended after this long. */
const IDLE_MS = 250;

let worker: Worker | null = null;
let ready: Promise<void> | null = null;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

function stop(): void {
  worker?.terminate();
  worker = null;
  ready = null;
}

/**
 * Starts the parser's Worker (if it is not running) and waits until it has loaded h5wasm.
 *
 * @returns Resolves when the Worker is ready.
 * @example
 * ```ts ignore
 * import { startH5Sandbox } from "./h5_sandbox.ts";
 * await startH5Sandbox();
 * ```
 */
export function startH5Sandbox(): Promise<void> {
  clearTimeout(idleTimer);
  if (!ready) {
    const started = new Worker(new URL("./h5_worker.ts", import.meta.url), { type: "module" });
    worker = started;
    ready = new Promise((resolve, reject) => {
      started.onmessage = () => resolve();
      started.onerror = (event) => {
        event.preventDefault();
        stop();
        reject(new Error(`The HDF5 reader's Worker failed to start: ${event.message}`));
      };
    });
  }
  return ready;
}

/**
 * Parses a Keras `.h5` file's bytes in the Worker.
 *
 * @param bytes The file's bytes.
 * @param path The file's name, for messages.
 * @returns What the file holds.
 * @throws {LosscapeError} When the file is damaged, or parsing does not end in time.
 * @example
 * ```ts ignore
 * import { parseInSandbox } from "./h5_sandbox.ts";
 * const h5 = await parseInSandbox(await Deno.readFile("model.h5"), "model.h5");
 * ```
 */
export async function parseInSandbox(bytes: Uint8Array, path: string): Promise<KerasH5> {
  await startH5Sandbox();
  const running = worker!;
  const limit = limitMs(bytes.length);
  try {
    return await new Promise<KerasH5>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(
          new LosscapeError(
            `${path}: the HDF5 reader did not finish within ${
              limit.toFixed(0)
            } ms: the file is damaged`,
          ),
        );
      }, limit);
      running.onmessage = ({ data }) => {
        clearTimeout(timer);
        if (data.ok) resolve(data.h5);
        else reject(data.user ? new LosscapeError(data.message) : new Error(data.message));
      };
      running.onerror = (event) => {
        event.preventDefault();
        clearTimeout(timer);
        stop();
        reject(new LosscapeError(`${path}: the HDF5 reader failed: ${event.message}`));
      };
      running.postMessage({ bytes, path });
    });
  } finally {
    if (worker) idleTimer = setTimeout(stop, IDLE_MS);
  }
}
