// The per-checkpoint analyses in a Worker during training against the same analyses run on this
// thread afterwards (the reference): the same results bit for bit, the same training curves as
// evaluating on this thread, only the focus gradient kept, no tensors left on this thread, and
// a fallback (undefined) when the Worker did not see exactly the run's checkpoints. A finished
// run's checkpoints (nothing trains) go to the Worker all at once, with the same results. A Worker
// started ahead of its model and data gives the same answers as one started with them.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadTfjs } from "../lib/train/tfjs.ts";
import { takeSamples } from "../lib/data/dataset.ts";
import { resolveSettings } from "../lib/run/settings.ts";
import { trainRun } from "../lib/run/train_run.ts";
import { analysesDuringTraining } from "../lib/run/analyses_during_training.ts";
import { analyzeTrajectory } from "../lib/analysis/analyze_trajectory.ts";
import {
  createCheckpointAnalyzer,
  startCheckpointAnalyzer,
} from "../lib/analysis/checkpoint_analyzer.ts";
import { createRng } from "../lib/random.ts";

const DIR = ".tmp/checkpoint_analyzer";
const settingsFor = (out: string, extra: Record<string, string> = {}) =>
  resolveSettings(null, {
    dataset: "moons",
    syntheticSize: "300",
    epochs: "3",
    samples: "120",
    out,
    quiet: "true",
    fresh: "true",
    ...extra,
  });

describe("analyses during training", () => {
  it("match the analyses run after training, and the curves match this thread's", async () => {
    const tf = await loadTfjs();
    const settings = settingsFor(`${DIR}/worker`);
    const tensorsBefore = tf.memory().numTensors;
    let taken;
    {
      using early = analysesDuringTraining(settings);
      const { trained, data, model } = await trainRun(settings, early.hooks);
      taken = { analyzed: await early.take(trained.checkpoints), trained, data, spec: model.spec };
    }
    const { analyzed, trained, data, spec } = taken;
    assert.ok(analyzed, "the Worker analysed the run's checkpoints");
    assert.equal(analyzed.length, 4);
    // Only the last checkpoint's gradient (the default focus) is kept.
    assert.deepEqual(analyzed.map((entry) => entry.gradient.length > 0), [
      false,
      false,
      false,
      true,
    ]);
    // 300 samples are evaluated on this thread by default: the reference curves.
    const alone = await trainRun(settingsFor(`${DIR}/alone`));
    assert.deepEqual(trained.history, alone.trained.history);
    const job = {
      spec,
      checkpoints: trained.checkpoints,
      history: trained.history,
      data: takeSamples(data.train, 120),
    };
    const reference = await analyzeTrajectory(job);
    const fromWorker = await analyzeTrajectory({ ...job, analyzed });
    assert.deepEqual(fromWorker, reference);
    assert.ok(reference.influence && reference.health && reference.diagnosis);
    assert.equal(tf.memory().numTensors, tensorsBefore);
  });

  it("analyses a finished run's checkpoints (nothing trains) as after training", async () => {
    const settings = settingsFor(`${DIR}/finished`, { epochs: "2" });
    const { trained, data, model } = await trainRun(settings);
    let analyzed;
    {
      using early = analysesDuringTraining(settings);
      const run = { data, spec: model.spec, checkpoints: trained.checkpoints };
      assert.equal(early.analyseFinished(run), true);
      assert.equal(early.analyseFinished(run), false, "launched once");
      analyzed = await early.take(trained.checkpoints);
    }
    assert.ok(analyzed);
    assert.equal(analyzed.length, trained.checkpoints.length);
    const job = {
      spec: model.spec,
      checkpoints: trained.checkpoints,
      history: trained.history,
      data: takeSamples(data.train, 120),
    };
    assert.deepEqual(await analyzeTrajectory({ ...job, analyzed }), await analyzeTrajectory(job));
    using none = analysesDuringTraining({ ...settings, analyses: [] });
    assert.equal(none.analyseFinished({ data, spec: model.spec, checkpoints: [] }), false);
  });

  it("gives undefined (the analyses then run after the scans) for other checkpoints", async () => {
    const settings = settingsFor(`${DIR}/other`, { epochs: "1" });
    using early = analysesDuringTraining(settings);
    const { trained } = await trainRun(settings, early.hooks);
    const copies = trained.checkpoints.map((c) => ({ ...c, values: Float32Array.from(c.values) }));
    assert.equal(await early.take(copies), undefined);
    using none = analysesDuringTraining({ ...settings, analyses: [] });
    assert.deepEqual(none.hooks, {});
    assert.equal(await none.take(trained.checkpoints), undefined);
  });
});

/** A 3-4-2 ReLU classifier (26 weights), 20 seeded samples, and the generator for more draws. */
function smallDenseCase(seed: number) {
  const rng = createRng(seed);
  const spec = {
    kind: "sequential" as const,
    inputShape: [3],
    layers: [{ type: "dense" as const, units: 4, activation: "relu" as const }, {
      type: "dense" as const,
      units: 2,
    }],
  };
  const data = {
    x: Float32Array.from({ length: 60 }, () => rng.normal()),
    y: Int32Array.from({ length: 20 }, () => rng.int(2)),
    count: 20,
    features: 3,
    classes: 2,
  };
  return { rng, spec, data };
}

describe("createCheckpointAnalyzer", () => {
  it("keeps the focus checkpoint's gradient and analyses added checkpoints in order", async () => {
    const { rng, spec, data } = smallDenseCase(5);
    const checkpoints = [0, 1, 2].map(() => Float32Array.from({ length: 26 }, () => rng.normal()));
    const analyzer = createCheckpointAnalyzer({
      spec,
      train: data,
      test: data,
      samples: 20,
      analyses: ["influence", "health"],
      focus: 1,
    });
    analyzer.add(checkpoints[0]);
    const scores = await Promise.all(checkpoints.slice(1).map((v) => analyzer.evaluate(v)));
    assert.equal(analyzer.added, 3);
    const analyzed = await analyzer.results();
    analyzer.dispose();
    assert.deepEqual(analyzed.map((entry) => entry.gradient.length), [0, 26, 0]);
    const history = checkpoints.map((_, i) => ({
      epoch: i,
      step: i,
      trainLoss: 1,
      trainAcc: 0.5,
      testLoss: 1,
      testAcc: 0.5,
    }));
    const job = {
      spec,
      checkpoints: checkpoints.map((values, i) => ({ epoch: i, step: i, values })),
      history,
      data,
      analyses: ["influence", "health"] as const,
      focus: 1,
    };
    assert.deepEqual(await analyzeTrajectory({ ...job, analyzed }), await analyzeTrajectory(job));
    // The evaluation is the loss the analyses see on the same samples.
    assert.ok(Math.abs(scores[0].train.loss - analyzed[1].loss) <= 1e-6 * analyzed[1].loss);
  });

  it("started ahead of its model and data, answers as one started with them", async () => {
    const { rng, spec, data } = smallDenseCase(11);
    const options = { spec, train: data, test: data, samples: 20, analyses: ["health"] as const };
    const checkpoints = [0, 1].map(() => Float32Array.from({ length: 26 }, () => rng.normal()));
    using started = startCheckpointAnalyzer();
    // The Worker loads TF.js meanwhile; the model and data come later.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const ahead = started.launch({ ...options, analyses: [...options.analyses] });
    assert.throws(() => started.launch({ ...options, analyses: [] }), /launches once/);
    const withData = createCheckpointAnalyzer({ ...options, analyses: [...options.analyses] });
    try {
      for (const analyzer of [ahead, withData]) {
        for (const values of checkpoints) await analyzer.evaluate(values);
      }
      assert.deepEqual(await ahead.results(), await withData.results());
    } finally {
      withData.dispose();
    }
    // Disposing the started Worker stops the analyzer it launched.
    const pending = ahead.evaluate(checkpoints[0]);
    started.dispose();
    await assert.rejects(pending, /disposed/);
    // One never launched stops cleanly.
    startCheckpointAnalyzer().dispose();
  });

  it("rejects pending work when disposed", async () => {
    const spec = {
      kind: "sequential" as const,
      inputShape: [1],
      layers: [{ type: "dense" as const, units: 2 }],
    };
    const data = {
      x: new Float32Array([1]),
      y: new Int32Array([0]),
      count: 1,
      features: 1,
      classes: 2,
    };
    const analyzer = createCheckpointAnalyzer({
      spec,
      train: data,
      test: data,
      samples: 1,
      analyses: [],
    });
    const pending = analyzer.evaluate(new Float32Array(4));
    analyzer.dispose();
    await assert.rejects(pending, /disposed/);
    await assert.rejects(analyzer.results(), /disposed/);
  });
});
