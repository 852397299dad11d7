/**
 * Checks that `lib/engine/kernel/wasm.ts` was generated from the current kernel sources
 * (`assembly/*.ts` and `asconfig.json`), and that both generated activation-code files match
 * their table (`scripts/kernel_constants.ts`); exits 1 when anything is stale. CI runs it as
 * `deno task check:wasm`; it needs only `--allow-read=.`.
 * @module
 */
import {
  ASSEMBLY_CODES_PATH,
  ENGINE_CODES_PATH,
  renderAssemblyCodes,
  renderEngineCodes,
} from "./kernel_constants.ts";

/** The generated module that embeds the kernel. */
export const GENERATED_PATH = "lib/engine/kernel/wasm.ts";

/**
 * Lists the files the kernel is built from, sorted so the hash never depends on directory order.
 *
 * @param root The repository root.
 * @returns Paths relative to `root`, with `/` separators.
 * @example
 * ```ts
 * import { kernelSourcePaths } from "./check_wasm.ts";
 * console.log(kernelSourcePaths(".").includes("asconfig.json")); // true
 * ```
 */
export function kernelSourcePaths(root: string): string[] {
  const paths = ["asconfig.json"];
  for (const entry of Deno.readDirSync(`${root}/assembly`)) {
    if (entry.isFile && entry.name.endsWith(".ts")) paths.push(`assembly/${entry.name}`);
  }
  return paths.sort();
}

/**
 * Hashes the kernel sources by content: SHA-256 over each path and its text, with CRLF read
 * as LF so a Windows checkout of the same commit gives the same hash.
 *
 * @param root The repository root.
 * @returns The hash as 64 lowercase hex digits.
 * @example
 * ```ts
 * import { kernelSourceHash } from "./check_wasm.ts";
 * console.log((await kernelSourceHash(".")).length); // 64
 * ```
 */
export async function kernelSourceHash(root: string): Promise<string> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const path of kernelSourcePaths(root)) {
    const text = Deno.readTextFileSync(`${root}/${path}`).replaceAll("\r\n", "\n");
    parts.push(encoder.encode(`${path}\0${text.length}\0${text}\0`));
  }
  const joined = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", joined));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Reads the source hash recorded in the generated module.
 *
 * @param root The repository root.
 * @returns The recorded hash, or `null` when the file or its hash line is missing.
 * @example
 * ```ts
 * import { recordedKernelHash } from "./check_wasm.ts";
 * console.log(typeof recordedKernelHash(".")); // "string"
 * ```
 */
export function recordedKernelHash(root: string): string | null {
  let text: string;
  try {
    text = Deno.readTextFileSync(`${root}/${GENERATED_PATH}`);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  return /KERNEL_SOURCE_HASH = "([0-9a-f]{64})"/.exec(text)?.[1] ?? null;
}

/**
 * Lists the generated constants files whose text differs from what the table renders.
 *
 * @param root The repository root.
 * @returns Paths of stale (or missing) files; empty when all are fresh.
 * @example
 * ```ts
 * import { staleConstantFiles } from "./check_wasm.ts";
 * console.log(staleConstantFiles(".")); // []
 * ```
 */
export function staleConstantFiles(root: string): string[] {
  const expected: [string, string][] = [
    [ASSEMBLY_CODES_PATH, renderAssemblyCodes()],
    [ENGINE_CODES_PATH, renderEngineCodes()],
  ];
  return expected.filter(([path, text]) => {
    try {
      return Deno.readTextFileSync(`${root}/${path}`).replaceAll("\r\n", "\n") !== text;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return true;
      throw error;
    }
  }).map(([path]) => path);
}

if (import.meta.main) {
  const stale = staleConstantFiles(".");
  if (stale.length > 0) {
    console.error(
      `${stale.join(", ")} differ from scripts/kernel_constants.ts. Run \`deno task build:wasm\` ` +
        "and commit the result.",
    );
    Deno.exit(1);
  }
  const expected = await kernelSourceHash(".");
  const recorded = recordedKernelHash(".");
  if (recorded !== expected) {
    console.error(
      `${GENERATED_PATH} is stale: it was built from sources with hash ${
        recorded ?? "(none)"
      }, the sources now hash to ${expected}. Run \`deno task build:wasm\` and commit the result.`,
    );
    Deno.exit(1);
  }
  console.log(`${GENERATED_PATH} is up to date (${expected.slice(0, 12)}).`);
}
