/**
 * The programs under examples/: each runs to the end (its `node:assert` checks pass), and the
 * README quotes each one verbatim in a `ts` code block.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";

const readme = await Deno.readTextFile("README.md");
const examples = [...Deno.readDirSync("examples")]
  .filter((entry) => entry.isFile && entry.name.endsWith(".ts"))
  .map((entry) => entry.name)
  .sort();

/** The README's ```ts blocks, as written. */
const readmeBlocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);

async function runExample(name: string): Promise<void> {
  const out = `.tmp/examples/${name.replace(/\.ts$/, "")}`;
  await Deno.remove(out, { recursive: true }).catch(() => {});
  const { code, stderr } = await new Deno.Command("deno", {
    args: [
      "run",
      "--no-prompt",
      "--allow-read=.",
      "--allow-write=.tmp/examples",
      `examples/${name}`,
      out,
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, `examples/${name} failed:\n${new TextDecoder().decode(stderr)}`);
}

describe("examples", () => {
  it("there are examples to run", () => {
    assert.ok(examples.includes("quick_start.ts"), examples.join(", "));
  });

  for (const name of examples) {
    it(`README quotes examples/${name} verbatim`, async () => {
      const source = await Deno.readTextFile(`examples/${name}`);
      const firstLine = source.split("\n")[0];
      const block = readmeBlocks.find((text) => text.startsWith(firstLine));
      assert.ok(block !== undefined, `README has no ts block starting with "${firstLine}"`);
      assert.equal(block, source, `README's block differs from examples/${name}`);
    });

    it(`examples/${name} runs and its assertions pass`, async () => {
      await runExample(name);
    });
  }
});
