// `deno task scan --remote` as a user runs it: without network permission (one line saying how
// to run it), against an endpoint that turns to garbage mid-scan (exit 2, one line naming the
// endpoint and the tile, finished tiles kept), then resumed against a working endpoint: the
// files equal a local scan's byte for byte.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { runScan } from "../lib/run/run_scan.ts";
import { readLandscapeFolder } from "../lib/scan/landscape_files.ts";
import { serveTileHandler } from "./edge_fixtures.ts";

const root = ".tmp/remote_scan_cli_test";
const flags = ["--dataset", "moons", "--epochs", "2", "--grid", "17", "--samples", "200"];
flags.push("--seed", "5", "--analyses", "");

async function scanCli(out: string, remote: string, net: boolean, quiet = true) {
  const args = ["run", "--no-prompt", "--allow-read=.", "--allow-write=.tmp"];
  if (net) args.push("--allow-net=127.0.0.1");
  args.push("cli/main.ts", "scan", ...flags, "--out", out, "--remote", remote);
  if (quiet) args.push("--quiet");
  const output = await new Deno.Command("deno", {
    args,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: output.code, stderr: new TextDecoder().decode(output.stderr) };
}

describe("deno task scan --remote", () => {
  it("without network permission: exit 2 and one line saying how to run it", async () => {
    const { code, stderr } = await scanCli(`${root}/denied`, "http://127.0.0.1:9/", false);
    assert.equal(code, 2);
    assert.equal(stderr.trim().split("\n").length, 1, stderr);
    assert.match(
      stderr,
      /^error: --remote needs network access to 127\.0\.0\.1:9.*deno task scan:remote/,
    );
  });

  it("an endpoint turning to garbage: exit 2 naming it and the tile, progress kept, resume", async () => {
    await Deno.remove(root, { recursive: true }).catch(() => {});
    await runScan({
      dataset: "moons",
      epochs: 2,
      grid: 17,
      samples: 200,
      seed: 5,
      analyses: [],
      quiet: true,
      out: `${root}/local`,
    });
    const endpoint = await serveTileHandler();
    // Forwards the slice and the first two requests of the random plane (full, or naming a 2D
    // plane's id), then answers garbage.
    let planeRequests = 0;
    const planes2d = new Set<string>();
    await using proxy = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      async (request) => {
        const body = await request.text();
        const json = JSON.parse(body);
        const is2d = json.grid ? Boolean(json.grid.ycoordinates) : planes2d.has(json.plane);
        if (is2d && ++planeRequests > 2) {
          return new Response("<html>500 Internal Server Error</html>", { status: 500 });
        }
        const response = await fetch(endpoint.url, { method: "POST", body });
        const text = await response.text();
        if (is2d && response.ok) planes2d.add(JSON.parse(text).plane);
        return new Response(text, { status: response.status });
      },
    );
    const broken = `http://127.0.0.1:${proxy.addr.port}/`;
    const out = `${root}/remote`;
    try {
      const failed = await scanCli(out, broken, true);
      assert.equal(failed.code, 2, failed.stderr);
      assert.equal(failed.stderr.trim().split("\n").length, 1, failed.stderr);
      assert.match(
        failed.stderr,
        new RegExp(
          `^error: --remote ${broken}: tile of grid points \\d+\\.\\.\\d+ \\(failed on every try: 3\\): answered HTTP 500 with a body that is not JSON`,
        ),
      );
      // The slice is finished, the random plane keeps the tile that was answered.
      const slice = await readLandscapeFolder(`${out}/slice`);
      assert.ok(slice?.done.every((flag) => flag === 1));
      const random = await readLandscapeFolder(`${out}/random`);
      const done = random!.done.reduce((sum, flag) => sum + flag, 0);
      assert.ok(done > 0 && done < 289, `${done} of 289 points kept`);
      // Another endpoint is no other run: the folder continues where it stopped.
      const resumed = await scanCli(out, endpoint.url, true, false);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(resumed.stderr, new RegExp(`resuming scan: ${done} of 289 points done`));
      assert.equal(await Deno.stat(`${out}/earlier`).then(() => true, () => false), false);
    } finally {
      await endpoint.stop();
    }
    for (const plane of ["slice", "random", "pca"]) {
      for (const name of ["train_loss.npy", "train_acc.npy", "directions.npy"]) {
        assert.deepEqual(
          await Deno.readFile(`${out}/${plane}/${name}`),
          await Deno.readFile(`${root}/local/${plane}/${name}`),
          `${plane}/${name}`,
        );
      }
    }
  });
});
