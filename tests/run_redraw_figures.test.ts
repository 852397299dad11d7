// Redrawing figures from a scan's files, and bad input to the new flags: one line naming the
// flag or file, exit 2, nothing on disk touched.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DOMParser } from "npm:linkedom@0.18.15";
import { runScan } from "../lib/run/run_scan.ts";
import { redrawFigures } from "../lib/run/redraw_figures.ts";
import { resolveEndpoint } from "../lib/run/model_endpoints.ts";
import { readTrajectory } from "../lib/train/checkpoint_files.ts";
import { writeLayersModel } from "../lib/model/io/formats/write_layers_model.ts";
import { modelLayout } from "../lib/model/model_layout.ts";
import { resolveModel } from "../lib/model/resolve.ts";
import { encodeNpy } from "../lib/io/npy.ts";

const root = ".tmp/directions_cli";
const settings = {
  dataset: "moons",
  epochs: 3,
  samples: 300,
  seed: 1,
  workers: 1,
  quiet: true,
  grid: 3,
  out: `${root}/a`,
  fresh: true,
  interpolate: "init,final",
  plane: "init,1,final",
};
let scanned: Promise<unknown> | undefined;
const firstRun =
  () => (scanned ??= Deno.remove(root, { recursive: true }).catch(() => {}).then(() =>
    runScan(settings)
  ));

describe("deno task figures", () => {
  it("redraws the report and standalone SVG files from the files alone", async () => {
    await firstRun();
    const dir = `${root}/a`;
    const grid = await Deno.readFile(`${dir}/random/train_loss.npy`);
    await Deno.remove(`${dir}/report.html`);
    const written = await redrawFigures(dir);
    const html = await Deno.readTextFile(`${dir}/report.html`);
    for (const id of ["random-plane", "pca-plane", "surfaces", "interpolation", "model-plane"]) {
      assert.match(html, new RegExp(`<section id="${id}">`));
    }
    assert.match(html, /data-losscape-surface=/);
    assert.match(html, /<script>\n\(\(\) => \{\nconst projectSurface = function projectSurface/);
    const svgs = written.filter((file) => file.endsWith(".svg")).map((f) => f.split("/").pop());
    assert.deepEqual(
      svgs.sort(),
      [
        "interpolation.svg",
        ...["model-plane", "pca", "random"].flatMap((p) =>
          ["contour", "heatmap", "surface"].map((k) => `${p}_${k}.svg`)
        ),
        "slice.svg",
        "training.svg",
      ].sort(),
    );
    for (const file of written.filter((f) => f.endsWith(".svg"))) {
      const text = await Deno.readTextFile(file);
      const document = new DOMParser().parseFromString(text, "text/xml") as unknown as {
        documentElement: { tagName: string; getAttribute(name: string): string };
      };
      assert.equal(document.documentElement.tagName, "svg", file);
      assert.ok(Number(document.documentElement.getAttribute("width")) > 100, file);
    }
    assert.deepEqual(await Deno.readFile(`${dir}/random/train_loss.npy`), grid);
    await assert.rejects(redrawFigures(`${root}/nothing-here`), /no scan here/);
  });
});

describe("bad input to the new flags", () => {
  const cli = async (args: string[]) => {
    const output = await new Deno.Command("deno", {
      args: [
        "run",
        "--no-prompt",
        "--allow-read=.",
        "--allow-write=out",
        "cli/main.ts",
        "scan",
        ...args,
      ],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    return { code: output.code, stderr: new TextDecoder().decode(output.stderr) };
  };

  it("stops with one line naming the flag or file, exit 2, the run left as it was", async () => {
    await firstRun();
    const run = `${root}/a/run`;
    const parameters = (await readTrajectory(run)).layout.size;
    await Deno.writeFile(`${root}/short.npy`, encodeNpy(new Float32Array(2 * 7), [2, 7]));
    const float64 = encodeNpy(new Float32Array(2 * parameters), [2, parameters]);
    float64.set(new TextEncoder().encode("<f8"), float64.indexOf(0x3c));
    await Deno.writeFile(`${root}/float64.npy`, float64);
    await Deno.writeFile(`${root}/weights.npy`, encodeNpy(new Float32Array(5), [5]));
    // A model file of the run's own shapes is read as its weights; one of other shapes is refused.
    const saved = await readTrajectory(run);
    const weights = saved.checkpoints.map((checkpoint) => checkpoint.values);
    const own = await resolveEndpoint(`${run}/model/model.json`, weights, saved.layout, "--plane");
    assert.deepEqual(own.values, weights.at(-1));
    const wider = structuredClone(saved.model);
    const dense = wider.layers.find((layer) => layer.type === "dense") as { units: number };
    dense.units += 1;
    const widerLayout = modelLayout(resolveModel(wider));
    await writeLayersModel(`${root}/wider`, wider, {
      layout: widerLayout,
      values: new Float32Array(widerLayout.size),
    });
    const index = await Deno.readFile(`${run}/checkpoints.json`);
    const cases: [string[], RegExp][] = [
      [["--xrange", "1:1:5"], /^error: --xrange must have MIN < MAX: got "1:1:5"$/],
      [
        ["--yrange", "0:1:1"],
        /^error: --yrange must have N an integer from 2 to \d+ points: got "0:1:1"$/,
      ],
      [
        ["--interpolate", "init"],
        /^error: --interpolate must be A,B \(2 models, comma separated\): got "init"$/,
      ],
      [
        ["--interpolate", "init,nowhere/model.json"],
        /^error: --interpolate: model "nowhere\/model\.json" does not exist$/,
      ],
      [
        ["--run", run, "--interpolate", "init,99"],
        /^error: --interpolate: checkpoint 99 does not exist: the run has 4 \(0 to 3, init, final\)$/,
      ],
      [
        ["--run", run, "--plane", `init,final,${root}/weights.npy`],
        new RegExp(
          `^error: --plane: .*weights\\.npy holds 5 weights, the run's model has ${parameters}: models must have the same shapes$`,
        ),
      ],
      [
        ["--run", run, "--interpolate", `final,${root}/wider/model.json`],
        /^error: --interpolate: .*wider\/model\.json has tensors .* \(\d+ weights\), the run's model .* \(\d+\): models must have the same shapes$/,
      ],
      [
        ["--directions", "nowhere.npy"],
        /^error: --directions nowhere\.npy: file not found$/,
      ],
      [
        ["--run", run, "--directions", `${root}/short.npy`],
        new RegExp(
          `^error: --directions .*short\\.npy: holds directions of 7 values, the model has ${parameters} parameters$`,
        ),
      ],
      [
        ["--run", run, "--directions", `${root}/float64.npy`],
        /^error: --directions .*float64\.npy: expected float32 directions \(dtype '<f4'\): got '<f8'/,
      ],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await cli([...args, "--out", "out/directions-cli-test", "--quiet"]);
      assert.equal(code, 2, `${args.join(" ")}: ${stderr}`);
      const lines = stderr.trim().split("\n");
      assert.equal(lines.length, 1, stderr);
      assert.match(lines[0], message);
    }
    assert.deepEqual(await Deno.readFile(`${run}/checkpoints.json`), index);
  });
});
