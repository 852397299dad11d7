// cli.lock holds what the user's tasks (scan, train, analyze, merge, sweep, compare, experiment,
// figures) install: every npm package that lib/ and cli/ import, statically or on first use, and
// none of the packages only the tests and the wasm build need. A CLI run with that lock frozen
// must finish (an import outside it fails with "The lockfile is out of date").
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { npmSpecifiersIn, pruneLockfile } from "../scripts/cli_lock.ts";

const DEV_ONLY = ["assemblyscript", "binaryen", "puppeteer-core", "workerd", "chromium-bidi"];

/** The `npm:name@version` specifiers written in the .ts files under `folder`. */
async function npmSpecifiers(folder: string, found = new Set<string>()): Promise<Set<string>> {
  for await (const entry of Deno.readDir(folder)) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory) await npmSpecifiers(path, found);
    else if (entry.name.endsWith(".ts")) {
      const text = await Deno.readTextFile(path);
      for (const match of text.matchAll(/npm:((?:@[\w.-]+\/)?[\w.-]+@\d[\w.-]*)/g)) {
        found.add(`npm:${match[1]}`);
      }
    }
  }
  return found;
}

async function readLock(path: string) {
  return JSON.parse(await Deno.readTextFile(path)) as {
    specifiers: Record<string, string>;
    npm: Record<string, unknown>;
  };
}

describe("cli.lock", () => {
  it("is deno.lock cut to the npm imports of lib/ and cli/ (what deno task lock:cli writes)", async () => {
    const full = await Deno.readTextFile("deno.lock");
    const expected = pruneLockfile(full, await npmSpecifiersIn(["lib", "cli"]));
    assert.equal(await Deno.readTextFile("cli.lock"), expected, "run deno task lock:cli");
    // Kept whole, the lockfile comes back byte for byte: the cut copies Deno's own entries.
    assert.equal(pruneLockfile(full, Object.keys(JSON.parse(full).specifiers)), full);
  });

  it("pins every npm package that lib/ and cli/ import, at deno.lock's version", async () => {
    const cli = await readLock("cli.lock");
    const full = await readLock("deno.lock");
    const used = [...await npmSpecifiers("lib"), ...await npmSpecifiers("cli")];
    assert.ok(used.length >= 5, `expected the TF.js, Plot, linkedom, h5wasm, mnist imports`);
    for (const specifier of used) {
      assert.ok(specifier in cli.specifiers, `cli.lock lacks ${specifier}: run deno task lock:cli`);
      assert.equal(cli.specifiers[specifier], full.specifiers[specifier], specifier);
    }
  });

  it("holds none of the packages only the tests and the wasm build use", async () => {
    const packages = Object.keys((await readLock("cli.lock")).npm);
    assert.ok(packages.length > 0);
    for (const name of DEV_ONLY) {
      const hit = packages.find((key) => key.startsWith(`${name}@`) || key.includes(`/${name}@`));
      assert.equal(hit, undefined, `cli.lock should not hold ${name}`);
    }
  });

  it("is enough for a CLI run with the lock frozen", async () => {
    const out = ".tmp/cli_lock_test";
    await Deno.remove(out, { recursive: true }).catch(() => {});
    const args = ["run", "--frozen", "--lock=cli.lock", "--no-prompt", "--allow-read=."];
    args.push("--allow-write=.tmp", "cli/main.ts", "scan", "--dataset", "moons", "--epochs", "1");
    args.push("--grid", "5", "--samples", "100", "--analyses", "", "--quiet", "--out", out);
    const output = await new Deno.Command("deno", {
      args,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, stderr);
    assert.ok((await Deno.stat(`${out}/random/train_loss.npy`)).isFile);
    assert.ok((await Deno.stat(`${out}/random/surface.h5`)).isFile, "the HDF5 writer (h5wasm) ran");
    await Deno.remove(out, { recursive: true });
  });
});
