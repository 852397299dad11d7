/**
 * Node's built-in modules, reached when a function first needs them instead of imported at the
 * top of a module. A browser has no `node:` modules and refuses to load any module that imports
 * one, so the few paths that need zlib or path (reading gzip files, zip archives, PNG encoding,
 * folder names) reach them here, and everything else still loads in a browser. Deno and Node
 * both provide `process.getBuiltinModule`, which returns a built-in synchronously.
 * @module
 */

/** The `node:zlib` module's type. */
export type NodeZlib = typeof import("node:zlib");
/** The `node:path` module's type. */
export type NodePath = typeof import("node:path");

/**
 * The `node:zlib` module of this runtime.
 *
 * @returns The module.
 * @throws {Error} Where the runtime has no Node built-ins (a browser), naming the module.
 * @example
 * ```ts
 * import { nodeZlib } from "./node_builtin.ts";
 * const packed = nodeZlib().deflateSync(new Uint8Array(100));
 * console.log(nodeZlib().inflateSync(packed).length); // 100
 * ```
 */
export function nodeZlib(): NodeZlib {
  return builtin("node:zlib") as NodeZlib;
}

/**
 * The `node:path` module of this runtime.
 *
 * @returns The module.
 * @throws {Error} Where the runtime has no Node built-ins (a browser), naming the module.
 * @example
 * ```ts
 * import { nodePath } from "./node_builtin.ts";
 * console.log(nodePath().dirname("out/run/model.json")); // "out/run"
 * ```
 */
export function nodePath(): NodePath {
  return builtin("node:path") as NodePath;
}

function builtin(name: string): unknown {
  const runtime = (globalThis as {
    process?: { getBuiltinModule?: (name: string) => unknown };
  }).process;
  const found = runtime?.getBuiltinModule?.(name);
  if (found === undefined || found === null) {
    throw new Error(`${name} is not available in this runtime: this function needs Deno or Node`);
  }
  return found;
}
