/**
 * The worker script of the browser bundle (`dist/losscape-worker.js`): the engine's own pool
 * worker, bundled into one file so a Worker can load it without a module graph.
 * @module
 */
import "../lib/engine/pool/worker.ts";
