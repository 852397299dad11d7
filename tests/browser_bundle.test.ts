// The whole library bundles for the browser with no top-level `node:` import: a browser refuses
// to load a module that imports one, so Node built-ins are reached only where a function needs
// them (lib/io/node_builtin.ts). The browser test (tests/browser_demo.test.ts) loads the bundle.
import { describe, it } from "node:test";
import assert from "node:assert/strict";

const OUT = ".tmp/browser_bundle_test/losscape.js";

/** Static imports at the top of an ES module: `import x from "m"`, `import "m"`, `export * from "m"`. */
function staticImports(code: string): string[] {
  const found = code.matchAll(/^(?:import|export)\b[^;'"()]*?(?:from\s*)?["']([^"']+)["']/gm);
  return [...found].map((match) => match[1]);
}

describe("the browser bundle of mod.ts", () => {
  it("finds static imports with the pattern the check uses", () => {
    const code =
      'import { gunzipSync } from "node:zlib";\nexport * from "./a.js";\nimport "node:fs";\n' +
      'const z = await import("node:zlib");\n';
    assert.deepEqual(staticImports(code), ["node:zlib", "./a.js", "node:fs"]);
  });

  it("has no top-level node: import", async () => {
    await Deno.mkdir(".tmp/browser_bundle_test", { recursive: true });
    const { success, stderr } = await new Deno.Command("deno", {
      args: ["bundle", "--quiet", "--platform", "browser", "-o", OUT, "mod.ts"],
      env: { NO_COLOR: "1" },
    }).output();
    assert.ok(success, new TextDecoder().decode(stderr));
    const code = await Deno.readTextFile(OUT);
    const imports = staticImports(code);
    assert.deepEqual(imports.filter((name) => name.startsWith("node:")), []);
    // The engine's names made it into the bundle.
    assert.match(code, /createParallelPlaneEvaluator/);
  });
});
