/**
 * A worker of the pool (`parallel_evaluator.ts`): builds its own plane evaluator, and so its
 * own kernel instance and first-layer products, from the `init` message, then evaluates the
 * shares of tiles it is sent. Loaded with `new Worker(new URL("./worker.ts", ...))`.
 *
 * The worker calls `createPlaneEvaluator` with the pool's options unchanged, so every model the
 * single-thread evaluator accepts works here too. It computes the first-layer products itself:
 * all workers do it at once, which costs the same wall time as one thread doing it and saves
 * sending the products (measured in bench/scaling.ts).
 * @module
 */
import { createPlaneEvaluator, type PlaneEvaluator } from "./evaluator.ts";
import { type FromWorker, serializeError, type ToWorker } from "./worker_protocol.ts";

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
let evaluator: PlaneEvaluator | null = null;
let failOnTile = -1;

function evaluateShare(message: Extract<ToWorker, { type: "evaluate" }>): void {
  const { id, alphas, betas } = message;
  try {
    if (evaluator === null) throw new Error("the worker received a tile before its plane");
    const loss = new Float32Array(alphas.length), accuracy = new Float32Array(alphas.length);
    evaluator.evaluate(alphas, betas, loss, accuracy);
    scope.postMessage({ type: "result", id, loss, accuracy }, [loss.buffer, accuracy.buffer]);
  } catch (error) {
    scope.postMessage({ type: "failed", id, error: serializeError(error) });
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") {
    failOnTile = message.failOnTile;
    createPlaneEvaluator(message.options).then(
      (created) => {
        evaluator = created;
        scope.postMessage({ type: "ready" });
      },
      (error) => scope.postMessage({ type: "init-failed", error: serializeError(error) }),
    );
    return;
  }
  if (message.tile === failOnTile) {
    // Uncaught on purpose: the pool must survive a worker that dies, not just one that reports.
    throw new Error(`injected failure on tile ${message.tile}`);
  }
  evaluateShare(message);
};
