// Imported the way a URL import runs it (no deno.json, no node_modules: TF.js comes from Deno's
// npm cache), training without read access fails with one line that names the file Deno refused
// and the folder to allow; allowing exactly that folder makes the backend start.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const DIR = ".tmp/tfjs_permission_test";

async function startTfjs(allowRead: string[]): Promise<{ code: number; stderr: string }> {
  await Deno.mkdir(DIR, { recursive: true });
  const script = `${DIR}/start.ts`;
  const tfjs = pathToFileURL(resolve("lib/train/tfjs.ts")).href;
  await Deno.writeTextFile(
    script,
    `import { loadTfjs } from "${tfjs}";\nconsole.log((await loadTfjs()).getBackend());\n`,
  );
  const flags = allowRead.length > 0 ? [`--allow-read=${allowRead.join(",")}`] : [];
  const output = await new Deno.Command("deno", {
    // --no-config and no node_modules: npm packages resolve to Deno's global npm cache.
    args: ["run", "-q", "--no-prompt", "--no-config", "--node-modules-dir=none", ...flags, script],
    env: { NO_COLOR: "1" },
  }).output();
  return { code: output.code, stderr: new TextDecoder().decode(output.stderr).trim() };
}

describe("TF.js without read access to its .wasm files", () => {
  it("names the file it could not read and the folder to allow, which is enough", async () => {
    const denied = await startTfjs([]);
    assert.notEqual(denied.code, 0);
    assert.equal(denied.stderr.split("\n").length, 1, denied.stderr);
    const found = denied.stderr.match(
      /TF\.js could not start its WASM backend: no read access to (\S+\.wasm); run deno with --allow-read=(\S+) /,
    );
    assert.ok(found, denied.stderr);
    const [, file, folder] = found;
    assert.ok(file.startsWith(`${folder}/`), `${folder} should hold ${file}`);
    assert.doesNotMatch(denied.stderr, /--allow-read=\. /);

    const allowed = await startTfjs([".", folder]);
    assert.equal(allowed.code, 0, allowed.stderr);
  });
});
