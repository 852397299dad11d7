/**
 * The module graph of each entry in deno.json's `exports`: what importing it loads. Read with
 * `deno info --json` and walked along the static imports that run (type-only imports load
 * nothing; a dynamic `import()` loads only when its function is called).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";

interface InfoDependency {
  code?: { specifier: string };
  isDynamic?: boolean;
}
interface InfoModule {
  specifier: string;
  dependencies?: InfoDependency[];
}

/** Packages that an entry must not load, by how their files are named in the graph. */
const PACKAGES = {
  tfjs: /@tensorflow[+/]/,
  h5wasm: /(^npm:|\/)h5wasm[@/]/,
  plot: /@observablehq[+/]plot/,
  linkedom: /(^npm:|\/)linkedom[@/]/,
} as const;
type PackageName = keyof typeof PACKAGES;

/** What each entry may not load. The engine entries are checked by their own test. */
const FORBIDDEN: Record<string, PackageName[]> = {
  "./data": ["tfjs", "h5wasm", "plot", "linkedom"],
  "./directions": ["tfjs", "h5wasm", "plot", "linkedom"],
  "./scan": ["tfjs", "h5wasm", "plot", "linkedom"],
  "./io": ["tfjs", "h5wasm", "plot", "linkedom"],
  "./model": ["tfjs", "h5wasm", "plot", "linkedom"],
  "./render": ["tfjs", "h5wasm"],
  "./model-io": ["tfjs", "plot", "linkedom"],
};

const config = JSON.parse(await Deno.readTextFile("deno.json")) as {
  exports: Record<string, string>;
};

/** Every module that importing `path` runs: the static, non-type-only closure of its imports. */
async function loadedModules(path: string): Promise<string[]> {
  const { code, stdout, stderr } = await new Deno.Command("deno", {
    args: ["info", "--json", path],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  const info = JSON.parse(new TextDecoder().decode(stdout)) as {
    roots: string[];
    modules: InfoModule[];
  };
  const bySpecifier = new Map(info.modules.map((module) => [module.specifier, module]));
  const seen = new Set<string>();
  const pending = [...info.roots];
  while (pending.length > 0) {
    const specifier = pending.pop()!;
    if (seen.has(specifier)) continue;
    seen.add(specifier);
    for (const dependency of bySpecifier.get(specifier)?.dependencies ?? []) {
      if (dependency.code && !dependency.isDynamic) pending.push(dependency.code.specifier);
    }
  }
  return [...seen];
}

function loadsPackage(modules: string[], name: PackageName): string | undefined {
  return modules.find((specifier) => PACKAGES[name].test(specifier));
}

describe("entry points", () => {
  it("deno.json exports every entry this test and the README name", () => {
    for (const entry of [".", "./engine", "./engine/core", ...Object.keys(FORBIDDEN)]) {
      assert.ok(config.exports[entry], `deno.json exports ${entry}`);
    }
  });

  for (const [entry, forbidden] of Object.entries(FORBIDDEN)) {
    it(`${entry} loads none of ${forbidden.join(", ")}`, async () => {
      const modules = await loadedModules(config.exports[entry]);
      for (const name of forbidden) {
        const found = loadsPackage(modules, name);
        assert.equal(found, undefined, `${entry} loads ${name}: ${found}`);
      }
    });
  }

  it("sees the packages where they are loaded (the walk can fail)", async () => {
    const train = await loadedModules(config.exports["./train"]);
    assert.ok(loadsPackage(train, "tfjs"), "./train loads TF.js");
    const modelIo = await loadedModules(config.exports["./model-io"]);
    assert.ok(loadsPackage(modelIo, "h5wasm"), "./model-io loads h5wasm");
    const render = await loadedModules(config.exports["./render"]);
    assert.ok(loadsPackage(render, "plot") && loadsPackage(render, "linkedom"));
  });

  it("leaves the HDF5 surface writer's h5wasm to a dynamic import", async () => {
    const scan = await loadedModules(config.exports["./scan"]);
    assert.ok(scan.some((specifier) => specifier.endsWith("/lib/scan/surface_h5.ts")));
    assert.equal(loadsPackage(scan, "h5wasm"), undefined);
  });
});
