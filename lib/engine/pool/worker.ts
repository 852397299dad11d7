/**
 * A worker of the pool (`worker_pool.ts`): holds one plane evaluator per loaded plane (each
 * with its own kernel instance and first-layer products), built from the `load` message, and
 * evaluates the shares of tiles it is sent. It lives as long as the pool, so a run that scans
 * several planes starts its workers and compiles the kernel once. Loaded with
 * `new Worker(new URL("./worker.ts", ...))`, or from a caller's own script (`workerUrl`) that
 * imports this module.
 *
 * The worker calls `createPlaneEvaluator` with the pool's options unchanged, so every model the
 * single-thread evaluator accepts works here too. The workers split the first-layer products
 * between them when the pool sends a share (`run/product_share.ts`): each computes its range of
 * samples into a SharedArrayBuffer and copies the others' once all are written; without a share
 * (no SharedArrayBuffer, no precomputed first layer) each computes them all.
 * @module
 */
import { createPlaneEvaluatorOn, type PlaneEvaluator } from "../evaluator.ts";
import { instantiateKernel, type Kernel } from "../kernel/kernel.ts";
import "../kernel/variants.ts"; // the embedded builds, for planes that name a variant
import type { ProductShare } from "../run/product_share.ts";
import { type FromWorker, serializeError, type SharedProducts, type ToWorker } from "./protocol.ts";

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}

interface LoadedPlane {
  evaluator: Promise<PlaneEvaluator>;
  kernel: Kernel | null;
  failOnTile: number;
  /** Settles the wait for the other workers' products: resolve when all are written. */
  products: { resolve(): void; reject(error: Error): void } | null;
}

const scope = globalThis as unknown as WorkerScope;
const planes = new Map<number, LoadedPlane>();
/**
 * Kernel instances of unloaded planes, reset, for the next plane: wasm memory never shrinks,
 * so a fresh instance per plane would hold one plane's memory each until collected.
 */
const spareKernels: Kernel[] = [];
/** The kernel instance the pool asked for at start (`prepare`), while it is being compiled. */
let prepared: Promise<void> = Promise.resolve();

/** This worker's part of a plane's products, telling the pool when its samples are written. */
function productShare(
  plane: number,
  shared: SharedProducts,
  loaded: LoadedPlane,
): ProductShare {
  const { promise, resolve, reject } = Promise.withResolvers<void>();
  // An unload may reject it before the evaluator awaits it: not an unhandled rejection then.
  promise.catch(() => {});
  loaded.products = { resolve, reject };
  return {
    ...shared,
    written: () => scope.postMessage({ type: "written", plane }),
    complete: promise,
  };
}

function release(plane: LoadedPlane): void {
  if (plane.kernel === null) return;
  plane.kernel.reset();
  spareKernels.push(plane.kernel);
  plane.kernel = null;
}

async function evaluateShare(message: Extract<ToWorker, { type: "evaluate" }>): Promise<void> {
  const { id, alphas, betas } = message;
  try {
    const plane = planes.get(message.plane);
    if (plane === undefined) throw new Error(`the worker has no plane ${message.plane}`);
    const evaluator = await plane.evaluator;
    const loss = new Float32Array(alphas.length), accuracy = new Float32Array(alphas.length);
    await evaluator.evaluate(alphas, betas, loss, accuracy);
    scope.postMessage({ type: "result", id, loss, accuracy }, [loss.buffer, accuracy.buffer]);
  } catch (error) {
    scope.postMessage({ type: "failed", id, error: serializeError(error) });
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === "load") {
    const { plane, options, failOnTile, share } = message;
    const loaded: LoadedPlane = {
      evaluator: Promise.resolve() as never,
      kernel: null,
      failOnTile,
      products: null,
    };
    loaded.evaluator = createPlaneEvaluatorOn(
      async () => {
        // The pool fixes one kernel (variant or module) for all its planes: any spare one fits.
        await prepared;
        loaded.kernel = spareKernels.pop() ?? await instantiateKernel(options.kernel ?? "auto");
        return loaded.kernel;
      },
      options,
      share ? productShare(plane, share, loaded) : undefined,
    );
    planes.set(plane, loaded);
    loaded.evaluator.then(
      () => scope.postMessage({ type: "loaded", plane }),
      (error) => {
        planes.delete(plane);
        release(loaded);
        scope.postMessage({ type: "load-failed", plane, error: serializeError(error) });
      },
    );
    return;
  }
  if (message.type === "prepare") {
    // Failures are left to the first `load`, which instantiates again and reports them.
    prepared = instantiateKernel(message.kernel).then((kernel) => {
      spareKernels.push(kernel);
    }, () => {});
    return;
  }
  if (message.type === "products") {
    planes.get(message.plane)?.products?.resolve();
    return;
  }
  if (message.type === "unload") {
    const plane = planes.get(message.plane);
    planes.delete(message.plane);
    // Dropped while waiting for the other workers' products (one failed): stop waiting.
    plane?.products?.reject(new Error("the plane was unloaded while it loaded"));
    plane?.evaluator.then((evaluator) => {
      evaluator.dispose();
      release(plane);
    }, () => {});
    return;
  }
  if (message.tile === planes.get(message.plane)?.failOnTile) {
    // Uncaught on purpose: the pool must survive a worker that dies, not just one that reports.
    throw new Error(`injected failure on tile ${message.tile}`);
  }
  evaluateShare(message);
};
