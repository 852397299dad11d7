/**
 * losscape beside PyTorch, in one run: the same work on the same digits on both sides, and the
 * ratios (PyTorch's time over ours; above 1 means losscape is faster).
 *
 * - per grid point: ours is the engine on two Workers (`createParallelPlaneEvaluator`, pool
 *   started outside the timing) over 2,000 digits; PyTorch's is the loss-landscape loop
 *   (bench/peers/torch_peer.py);
 * - per training epoch: `trainModel` (TF.js WASM; the MLP on one thread, the `cnn` on two by
 *   its default, lib/train/train_threads.ts), 8,000 digits, batch 64, SGD +
 *   momentum, checkpoint evaluations on the train and test sets included, against the same loop
 *   in PyTorch (MLP: 8 epochs, `cnn`: 1);
 * - the whole default scan job: `deno task scan` as a fresh process against the same job in
 *   PyTorch as a fresh process (imports and data included).
 *
 * PyTorch runs under Debian's /usr/bin/python3 with `OPENBLAS_NUM_THREADS=2`, one torch thread
 * and no other OPENBLAS_* variable (the fastest setting found here); the script reports the BLAS
 * it mapped. Where `import torch` fails, it prints one line saying so and exits 0.
 *
 * Run: `deno task bench:peers`.
 * @module
 */
import { loadMnistDigits, MNIST_CACHE_FILE } from "../../lib/data/mnist.ts";
import { takeSamples } from "../../lib/data/dataset.ts";
import { preset } from "../../lib/model/presets.ts";
import { modelLayout } from "../../lib/model/model_layout.ts";
import { initializeModel } from "../../lib/model/init_model.ts";
import { resolveModel } from "../../lib/model/resolve.ts";
import { filterNormalizedDirection } from "../../lib/directions/filter_normalize.ts";
import { createParallelPlaneEvaluator } from "../../lib/engine/mod.ts";
import { trainModel } from "../../lib/train/train_model.ts";

const PYTHON = "/usr/bin/python3";
const SCRIPT = new URL("./torch_peer.py", import.meta.url).pathname;
const PEER_ENV = { OPENBLAS_NUM_THREADS: "2", PEER_TORCH_THREADS: "1" };

async function run(command: string, args: string[], env?: Record<string, string>) {
  const started = performance.now();
  const output = await new Deno.Command(command, { args, env, clearEnv: env !== undefined })
    .output()
    .catch((error: Error) => ({ success: false, stdout: new Uint8Array(), stderr: error.message }));
  const seconds = (performance.now() - started) / 1000;
  const text = (bytes: Uint8Array | string) =>
    typeof bytes === "string" ? bytes : new TextDecoder().decode(bytes);
  return { ok: output.success, stdout: text(output.stdout), stderr: text(output.stderr), seconds };
}

const probe = await run(PYTHON, ["-c", "import torch"], PEER_ENV);
if (!probe.ok) {
  console.log(
    `bench:peers skipped: ${PYTHON} cannot import torch (Debian: apt-get install ` +
      `python3-torch libopenblas0-pthread)`,
  );
  Deno.exit(0);
}

async function peer(job: string) {
  const result = await run(PYTHON, [SCRIPT, job, MNIST_CACHE_FILE], PEER_ENV);
  if (!result.ok) throw new Error(`${SCRIPT} ${job} failed: ${result.stderr.trim()}`);
  return {
    ...JSON.parse(result.stdout.trim().split("\n").at(-1)!),
    processSeconds: result.seconds,
  };
}

const data = await loadMnistDigits({ cacheFile: MNIST_CACHE_FILE });
for (const split of [data.train, data.test]) split.shape = [28, 28, 1];
const sample = takeSamples(data.train, 2000);

async function ourPoint(name: "mlp" | "cnn", count: number) {
  const spec = preset(name);
  const model = resolveModel(spec);
  const layout = modelLayout(model);
  const center = initializeModel(model, layout, 0);
  const [d1, d2] = [1, 2].map((seed) => filterNormalizedDirection(center, layout, seed));
  const pool = await createParallelPlaneEvaluator({
    spec,
    center,
    d1,
    d2,
    data: sample,
    workers: 2,
  });
  const axis = Array.from({ length: 41 }, (_, i) => -1 + i / 20);
  const points = axis.flatMap((b) => axis.map((a) => [a, b])).filter((_, i) =>
    i % Math.floor(1681 / count) === 0
  );
  const loss = new Float32Array(points.length), accuracy = new Float32Array(points.length);
  await pool.evaluate([0.1], [0.2], loss, accuracy); // warm-up
  const started = performance.now();
  await pool.evaluate(points.map((p) => p[0]), points.map((p) => p[1]), loss, accuracy);
  const seconds = (performance.now() - started) / 1000 / points.length;
  pool.dispose();
  return seconds;
}

async function ourEpoch(name: "mlp" | "cnn", epochs: number) {
  const started = performance.now();
  await trainModel({ spec: preset(name), data, epochs });
  return (performance.now() - started) / 1000 / epochs;
}

/** Prints one row of the table as soon as both sides are measured. */
function row(what: string, ours: number, theirs: number) {
  const digits = theirs < 1 ? 3 : 2;
  const ratio = (theirs / ours).toFixed(2);
  console.log(`| ${what} | ${ours.toFixed(digits)} | ${theirs.toFixed(digits)} | ${ratio}x |`);
}

const pointsMlp = await peer("points-mlp");
console.log(
  `PyTorch ${pointsMlp.torch} (numpy ${pointsMlp.numpy}, ${pointsMlp.blas}; torch threads ` +
    `${pointsMlp.torchThreads}, OPENBLAS_NUM_THREADS=${pointsMlp.openblasThreads}); losscape: ` +
    `TF.js WASM training (MLP one thread, cnn two), engine on 2 Workers; ${navigator.hardwareConcurrency} cores`,
);
console.log(`| work | losscape | PyTorch | PyTorch / losscape |\n| --- | ---: | ---: | ---: |`);
row(
  "per grid point, MLP (ms)",
  1000 * await ourPoint("mlp", 1681),
  1000 * pointsMlp.secondsPerPoint,
);
const pointsCnn = await peer("points-cnn");
row("per grid point, cnn (ms)", 1000 * await ourPoint("cnn", 12), 1000 * pointsCnn.secondsPerPoint);
const trainMlp = await peer("train-mlp");
row("per training epoch, MLP (s)", await ourEpoch("mlp", 8), trainMlp.secondsPerEpoch);
const trainCnn = await peer("train-cnn");
row("per training epoch, cnn (s)", await ourEpoch("cnn", 1), trainCnn.secondsPerEpoch);
// The scan runs last: a fresh `deno run` waits while another Deno process holds node_modules.
await Deno.remove("out/peers/scan", { recursive: true }).catch(() => {});
const ourScan = await run("deno", [
  "run",
  "--no-prompt",
  "--allow-read=.",
  "--allow-write=out",
  "cli/main.ts",
  "scan",
  "--out",
  "out/peers/scan",
]);
if (!ourScan.ok) throw new Error(`deno task scan failed: ${ourScan.stderr.trim()}`);

const scan = await peer("scan");
row("whole default scan job (s)", ourScan.seconds, scan.processSeconds);

const ours = ourScan.stderr.split("\n").find((line) => line.startsWith("after "));
console.log(`after 8 MLP epochs: losscape ${ours?.slice(ours.indexOf(":") + 2)}`);
console.log(`after 8 MLP epochs: PyTorch test acc ${(100 * scan.final.testAcc).toFixed(2)}%`);
