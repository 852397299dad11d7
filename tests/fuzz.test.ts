// Every reader of a user's or a run's files, fuzzed: 200 seeded cases per format (the same cases
// on every run; `deno task fuzz` runs more), and every case that once crashed a reader kept as a
// fixture. Each must end in a one-line LosscapeError naming one of its files, or be accepted.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { type CaseFiles, classify, runCases } from "./fuzz/harness.ts";
import { FORMATS } from "./fuzz/formats.ts";
import { readUserFile } from "../lib/io/read_user_file.ts";
import { LosscapeError } from "../lib/errors.ts";

const CASES = 200;
const FIXTURES = "tests/fuzz/fixtures";
const slug = (name: string) => name.replace(/[^a-z0-9.]+/gi, "_");

async function filesUnder(dir: string, prefix = ""): Promise<CaseFiles> {
  const files: CaseFiles = {};
  for await (const entry of Deno.readDir(`${dir}/${prefix}`)) {
    if (entry.isDirectory) Object.assign(files, await filesUnder(dir, `${prefix}${entry.name}/`));
    else files[`${prefix}${entry.name}`] = await Deno.readFile(`${dir}/${prefix}${entry.name}`);
  }
  return files;
}

describe("fuzzed readers", () => {
  for (const format of FORMATS) {
    it(`${format.name}: ${CASES} seeded cases end accepted or refused naming the file`, async () => {
      const results = await runCases(format, {
        seed: 0,
        count: CASES,
        dir: `.tmp/fuzz_test/${slug(format.name)}`,
      });
      // Ignore the time limit here (timings are not for tests); `deno task fuzz` reports it.
      const crashed = results.filter((r) =>
        r.outcome === "crashed" && !r.message.startsWith("took ")
      );
      assert.deepEqual(
        crashed.map((r) => `case ${r.index} (${r.what}): ${r.message}`),
        [],
      );
      // The mutations are not all caught by one early check: some cases get through whole.
      assert.ok(results.some((r) => r.outcome === "refused"));
      assert.ok(results.some((r) => r.outcome === "accepted"));
    });
  }

  it("every regression fixture is refused with a one-line error naming its file", async () => {
    let count = 0;
    for (const format of FORMATS) {
      const folder = `${FIXTURES}/${slug(format.name)}`;
      const cases = await Array.fromAsync(Deno.readDir(folder)).catch(() => []);
      for (const entry of cases) {
        const dir = `${folder}/${entry.name}`;
        const result = await classify(format, dir, await filesUnder(dir));
        assert.equal(result.outcome, "refused", `${dir}: ${result.message}`);
        count++;
      }
    }
    assert.ok(count >= 19, `only ${count} fixtures found`);
  });

  it("gzip output is capped: a bomb stops at the cap with a clear line", async () => {
    const path = ".tmp/fuzz_test/bomb.gz";
    await Deno.mkdir(".tmp/fuzz_test", { recursive: true });
    await Deno.writeFile(path, gzipSync(new Uint8Array(4 << 20)));
    await assert.rejects(
      readUserFile(path, { gunzip: true, maxBytes: 1 << 20 }),
      (error: Error) =>
        error instanceof LosscapeError && error.message.startsWith(`${path}: decompresses to more`),
    );
    assert.equal((await readUserFile(path, { gunzip: true, maxBytes: 4 << 20 })).length, 4 << 20);
  });

  it("a LosscapeError is one line, however many lines a file quotes back", () => {
    const error = new LosscapeError(`x.npy: got {'descr':\n'<f4'}\r\n${"z".repeat(5000)}`);
    assert.ok(!/[\n\r]/.test(error.message));
    assert.ok(error.message.startsWith("x.npy: got {'descr': '<f4'} zzz"));
    assert.ok(error.message.length <= 1003);
  });
});
