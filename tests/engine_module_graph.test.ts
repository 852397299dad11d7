// The engine's entry points load only the engine: `deno info --json` of lib/engine/mod.ts and
// lib/engine/core.ts must hold no TF.js, no h5wasm, nothing from npm and no node built-in among
// their static imports (a lazy `import()` of a node built-in would be allowed), and core.ts must
// not embed the kernel's wasm.
import { describe, it } from "node:test";
import assert from "node:assert/strict";

interface Dependency {
  specifier: string;
  isDynamic?: boolean;
  code?: { specifier: string };
  type?: { specifier: string };
}
interface GraphModule {
  specifier: string;
  kind?: string;
  dependencies?: Dependency[];
}

/** Every module of the static graph of `entry`, by resolved specifier. */
async function staticGraph(entry: string): Promise<string[]> {
  const output = await new Deno.Command("deno", {
    args: ["info", "--json", entry],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  const graph = JSON.parse(new TextDecoder().decode(output.stdout)) as { modules: GraphModule[] };
  const byName = new Map(graph.modules.map((module) => [module.specifier, module]));
  const root = new URL(`../${entry}`, import.meta.url).href;
  const seen = new Set<string>();
  const visit = (specifier: string) => {
    if (seen.has(specifier)) return;
    seen.add(specifier);
    for (const dependency of byName.get(specifier)?.dependencies ?? []) {
      if (dependency.isDynamic) continue; // loaded lazily, only when called
      const target = dependency.code?.specifier ?? dependency.specifier;
      visit(target);
    }
  };
  visit(root);
  return [...seen];
}

const FORBIDDEN = [/^npm:/, /^node:/, /node_modules/, /@tensorflow/, /h5wasm/, /^jsr:/, /^https?:/];

describe("the engine's module graph", () => {
  for (const entry of ["lib/engine/mod.ts", "lib/engine/core.ts"]) {
    it(`${entry} loads no TF.js, h5wasm, npm package or node built-in`, async () => {
      const modules = await staticGraph(entry);
      assert.ok(
        modules.length > 10,
        `a graph of ${modules.length} modules is too small to be real`,
      );
      const bad = modules.filter((name) => FORBIDDEN.some((pattern) => pattern.test(name)));
      assert.deepEqual(bad, []);
    });
  }

  it("core.ts leaves the embedded wasm out; mod.ts brings it", async () => {
    const embedded = (modules: string[]) =>
      modules.some((name) => name.endsWith("/kernel/wasm.ts"));
    assert.equal(embedded(await staticGraph("lib/engine/core.ts")), false);
    assert.equal(embedded(await staticGraph("lib/engine/mod.ts")), true);
  });

  it("the check can fail: the TF.js reference evaluator's graph holds TF.js", async () => {
    const modules = await staticGraph("lib/train/tfjs.ts");
    assert.ok(modules.some((name) => /@tensorflow/.test(name)));
  });
});
