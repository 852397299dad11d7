/**
 * The settings of a run: one table of fields, each with its type, default, limits and help, read
 * from a config file (`--config run.json`, camelCase keys) and then from flags (kebab-case),
 * flags winning. The resolved settings are written beside a run's results so any landscape can be
 * reproduced with `--config`.
 * @module
 */
import { LosscapeError } from "../errors.ts";
import { OPTIMIZER_KINDS } from "../train/optimizers.ts";
import { SCHEDULE_KINDS } from "../train/schedules.ts";
import { WEIGHT_DECAY_MODES } from "../train/weight_decay.ts";
import { INIT_NAMES } from "../model/init.ts";
import { ANALYSIS_NAMES } from "../analysis/analysis_result.ts";
import { BIAS_TREATMENTS, NORMALIZATIONS } from "../directions/normalize.ts";

/** One setting: how to read it, its default and its help line. */
export interface FieldSpec {
  /** The value's type. */
  kind: "int" | "number" | "string" | "enum" | "bool" | "list";
  /** Default value (undefined: unset). */
  default: unknown;
  /** Lowest allowed number. */
  min?: number;
  /** Whether `min` itself is allowed. Default true. */
  minInclusive?: boolean;
  /** Highest allowed number. */
  max?: number;
  /** Allowed words for `enum`, and for each item of `list`. */
  words?: readonly string[];
  /** Help text. */
  help: string;
  /** Only shapes the scan, not what training computes: a run may resume across a change. */
  scanOnly?: boolean;
}

/**
 * Every setting, in the order `--help` lists them.
 * @internal
 */
export const SETTINGS = {
  model: {
    kind: "string",
    default: "mlp",
    help:
      "preset (mlp, cnn, resnet-tiny, resmlp-deep, resmlp-deep-noskip), a model spec .json, a TF.js model.json, a Keras topology .json, or a Keras .h5/.hdf5/.keras",
  },
  weights: {
    kind: "string",
    default: "",
    help: "Keras .h5 or .weights.h5 weights for --model (a model.json, Keras topology or spec)",
  },
  init: {
    kind: "enum",
    default: undefined,
    words: INIT_NAMES,
    help: "kernel initialiser (default: the model's, he-normal)",
  },
  dataset: {
    kind: "string",
    default: "mnist",
    help:
      "mnist, spirals, moons, circles, xor, blobs, idx:IMAGES,LABELS[,TEST_IMAGES,TEST_LABELS], npy:X,Y or csv:FILE",
  },
  labelColumn: {
    kind: "string",
    default: "",
    help: "csv: the label column, by name or 0-based index (default: the last)",
  },
  scale: {
    kind: "enum",
    default: "none",
    words: ["none", "unit-range", "standardize"],
    help: "feature scaling fitted on the training split",
  },
  inputScale: {
    kind: "string",
    default: "",
    help:
      "inputs as the model was trained on them: a factor (255, 1/255), factor,offset or l2:AXIS",
  },
  syntheticSize: {
    kind: "int",
    default: 2000,
    min: 10,
    help: "samples generated for a synthetic dataset",
  },
  testFraction: {
    kind: "number",
    default: 0.2,
    min: 0,
    minInclusive: false,
    max: 0.9,
    help: "fraction of the samples held out for testing",
  },
  epochs: {
    kind: "int",
    default: 8,
    min: 0,
    max: 10000,
    help: "training epochs (0: scan the model's weights as they are)",
  },
  batchSize: { kind: "int", default: 64, min: 1, help: "mini-batch size" },
  optimizer: { kind: "enum", default: "momentum", words: OPTIMIZER_KINDS, help: "update rule" },
  lr: {
    kind: "number",
    default: 0.05,
    min: 0,
    minInclusive: false,
    help: "learning rate (peak, with a schedule)",
  },
  momentum: {
    kind: "number",
    default: 0.9,
    min: 0,
    max: 0.999,
    help: "momentum (momentum, nesterov) or Adam's beta1",
  },
  schedule: {
    kind: "enum",
    default: "constant",
    words: SCHEDULE_KINDS,
    help: "learning-rate schedule (step: x0.1 every 1/3 of the run)",
  },
  weightDecay: { kind: "number", default: 0, min: 0, help: "L2 weight decay on kernels" },
  decayMode: {
    kind: "enum",
    default: "coupled",
    words: WEIGHT_DECAY_MODES,
    help: "coupled: a loss term; decoupled: AdamW-style",
  },
  clipNorm: {
    kind: "number",
    default: 0,
    min: 0,
    help: "clip gradients to this global L2 norm (0: off)",
  },
  augment: {
    kind: "list",
    default: [],
    words: ["shift", "crop", "flip", "noise"],
    help: "image augmentations, comma separated",
  },
  trainThreads: {
    kind: "int",
    default: undefined,
    min: 1,
    max: 2,
    help:
      "threads computing each training step's gradient; 2 splits every batch in halves (not with batch norm or dropout). Default: 2 for a model with a convolution and neither, else 1",
  },
  checkpointEvery: {
    kind: "int",
    default: 0,
    min: 0,
    help: "steps between checkpoints (0: every epoch)",
  },
  seed: {
    kind: "int",
    default: 0,
    min: -(2 ** 31),
    max: 2 ** 32 - 1,
    help: "seed of the split, init, batches, dropout and directions",
  },
  grid: {
    scanOnly: true,
    kind: "int",
    default: 41,
    min: 2,
    max: 1001,
    help: "points per axis of each grid",
  },
  range: {
    scanOnly: true,
    kind: "number",
    default: 1,
    min: 0,
    minInclusive: false,
    help: "the random plane spans [-range, range]^2",
  },
  xrange: {
    scanOnly: true,
    kind: "string",
    default: "",
    help: "x axis MIN:MAX:N (default -range:range:grid; -0.5:1.5:81 for --interpolate)",
  },
  yrange: {
    scanOnly: true,
    kind: "string",
    default: "",
    help: "y axis MIN:MAX:N (default -range:range:grid)",
  },
  norm: {
    scanOnly: true,
    kind: "enum",
    default: "filter",
    words: NORMALIZATIONS,
    help: "random directions scaled per filter, per layer, by the weights, or raw",
  },
  bias: {
    scanOnly: true,
    kind: "enum",
    default: "zero",
    words: BIAS_TREATMENTS,
    help: "biases and batch-norm parameters: zero direction, or normalised like the rest",
  },
  orthogonalize: {
    scanOnly: true,
    kind: "bool",
    default: false,
    help: "make direction 2 orthogonal to direction 1 (Gram-Schmidt; also for --plane)",
  },
  directions: {
    scanOnly: true,
    kind: "string",
    default: "",
    help:
      "a directions.npy (float32 [2, P] or [1, P]) to scan instead of random directions; hessian: also the plane of the top two Hessian eigenvectors",
  },
  interpolate: {
    scanOnly: true,
    kind: "string",
    default: "",
    help: "A,B: also scan the line from A to B (init, final, a checkpoint index, a model.json)",
  },
  plane: {
    scanOnly: true,
    kind: "string",
    default: "",
    help: "A,B,C: also scan the plane through three models (origin A, axes B-A, C-A)",
  },
  surfaceLog: {
    scanOnly: true,
    kind: "bool",
    default: false,
    help: "3D surfaces and .vtp files show the log of the loss",
  },
  zmax: {
    scanOnly: true,
    kind: "number",
    default: 0,
    min: 0,
    help: "clip 3D surfaces and .vtp files above this loss (0: off)",
  },
  samples: {
    scanOnly: true,
    kind: "int",
    default: 2000,
    min: 1,
    help: "training samples evaluated at each grid point",
  },
  splits: {
    scanOnly: true,
    kind: "list",
    default: ["train"],
    words: ["train", "test"],
    help: "data evaluated at every grid point: train, or train,test to compare",
  },
  workers: {
    scanOnly: true,
    kind: "int",
    default: 0,
    min: 0,
    max: 256,
    help: "workers for the scan (0: one per core)",
  },
  remote: {
    scanOnly: true,
    kind: "string",
    default: "",
    help: "tile endpoint URLs, comma separated: evaluate the grids there (deno task scan:remote)",
  },
  run: {
    scanOnly: true,
    kind: "string",
    default: "",
    help: "scan a trained run folder (its checkpoints) instead of training",
  },
  out: {
    scanOnly: true,
    kind: "string",
    default: "out",
    help: "output folder (the task may write only under out/)",
  },
  fresh: {
    scanOnly: true,
    kind: "bool",
    default: false,
    help: "start over: move what --out holds into earlier/ instead of continuing it",
  },
  quiet: {
    scanOnly: true,
    kind: "bool",
    default: false,
    help: "no progress bars or stage lines",
  },
  analyses: {
    scanOnly: true,
    kind: "list",
    default: ["influence", "health", "diagnosis"],
    words: ANALYSIS_NAMES,
    help:
      'analyses written to OUT/analysis/ (noise, saliency, feature-saliency are opt-in; "" for none)',
  },
  checkpoint: {
    scanOnly: true,
    kind: "int",
    default: -1,
    min: -1,
    help: "checkpoint of the unit maps, top weights, noise and saliency (-1: the last)",
  },
  diagnosisThresholds: {
    scanOnly: true,
    kind: "string",
    default: "",
    help: "diagnosis thresholds to change, name=value,... (see docs/formats.md)",
  },
  // Curvature (OUT/hessian/): see lib/run/run_hessian.ts.
  hessian: {
    scanOnly: true,
    kind: "bool",
    default: false,
    help: "Hessian spectrum (overall, per layer), sharpness and local minima into OUT/hessian/",
  },
  hessianTop: { scanOnly: true, kind: "int", default: 5, min: 1, help: "top Hessian eigenvalues" },
  hessianIterations: {
    scanOnly: true,
    kind: "int",
    default: 100,
    min: 1,
    help: "most Lanczos steps per eigenvalue problem and per density run",
  },
  hessianTolerance: {
    scanOnly: true,
    kind: "number",
    default: 1e-3,
    min: 0,
    minInclusive: false,
    help: "relative residual at which eigenvalues and the trace count as converged",
  },
  hessianTraceVectors: {
    scanOnly: true,
    kind: "int",
    default: 100,
    min: 1,
    help: "most Hutchinson vectors for the trace",
  },
  hessianDensityRuns: {
    scanOnly: true,
    kind: "int",
    default: 3,
    min: 1,
    help: "stochastic Lanczos quadrature runs for the density",
  },
  hessianLayers: {
    scanOnly: true,
    kind: "string",
    default: "all",
    help: "layers analysed on their own: all, none, or names (comma separated, e.g. dense0)",
  },
  hessianEigenvectors: {
    scanOnly: true,
    kind: "bool",
    default: false,
    help: "write the top eigenvectors as .npy",
  },
  hessianCheckpoints: {
    scanOnly: true,
    kind: "bool",
    default: false,
    help: "top eigenvalue and trace at every checkpoint (against 2 / lr)",
  },
  sharpnessEpsilon: {
    scanOnly: true,
    kind: "number",
    default: 1e-3,
    min: 0,
    minInclusive: false,
    help: "box radius of epsilon-sharpness, relative to |w| + 1",
  },
  convexityGrid: {
    scanOnly: true,
    kind: "int",
    default: 0,
    min: 0,
    max: 101,
    help:
      "points per axis of the convexity map |lambda_min / lambda_max| on the random plane (0: off)",
  },
  minimaHessian: {
    scanOnly: true,
    kind: "bool",
    default: false,
    help: "check the Hessian at each local minimum of the scanned planes (positive definite?)",
  },
} as const satisfies Record<string, FieldSpec>;

/**
 * Whether a setting only shapes the scan (the grid, the evaluation data, the output) and not
 * what training computes.
 *
 * @param name A setting's name.
 * @returns True for scan-only settings.
 * @example
 * ```ts
 * import { isScanOnly } from "./settings.ts";
 * console.log(isScanOnly("grid"), isScanOnly("lr")); // true false
 * ```
 */
export function isScanOnly(name: string): boolean {
  return (SETTINGS as Record<string, FieldSpec>)[name]?.scanOnly === true;
}

/**
 * The settings table's type: each row's kind, default and allowed words.
 * @internal
 */
export type SettingsTable = typeof SETTINGS;

/**
 * A setting's name.
 * @internal
 */
export type SettingName = keyof SettingsTable;

/**
 * The value of a setting, from its kind and allowed words.
 * @internal
 */
type FieldValue<F> = F extends { kind: "int" | "number" } ? number
  : F extends { kind: "bool" } ? boolean
  : F extends { kind: "list"; words: readonly (infer W)[] } ? W[]
  : F extends { kind: "list" } ? string[]
  : F extends { kind: "enum"; words: readonly (infer W)[] } ? W
  : string;

/**
 * The settings without a default (unset unless given).
 * @internal
 */
type UnsetByDefault = {
  [K in SettingName]: SettingsTable[K] extends { default: undefined } ? K : never;
}[SettingName];

/**
 * Resolved settings of a run: one field per row of the settings table, typed by the row's kind
 * and allowed words (`--help` and README's flag table say what each one means).
 */
export type RunSettings =
  & { -readonly [K in Exclude<SettingName, UnsetByDefault>]: FieldValue<SettingsTable[K]> }
  & { -readonly [K in UnsetByDefault]?: FieldValue<SettingsTable[K]> };

/**
 * The kebab-case flag of a setting.
 *
 * @param name A setting's camelCase name.
 * @returns Its flag, e.g. `--batch-size` for `batchSize`.
 * @example
 * ```ts
 * import { flagOf } from "./settings.ts";
 * console.log(flagOf("batchSize")); // "--batch-size"
 * ```
 */
export function flagOf(name: string): string {
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Checks one value against its field, converting flag strings.
 *
 * @param name The setting.
 * @param raw The value (a string from a flag, or JSON from a config file).
 * @param where How to name it in a message, e.g. `--epochs` or `run.json: field "epochs"`.
 * @returns The value with its proper type.
 * @throws {LosscapeError} Naming `where`, what was expected and what was found.
 * @example
 * ```ts
 * import { checkSetting } from "./settings.ts";
 * console.log(checkSetting("epochs", "3", "--epochs")); // 3
 * ```
 */
export function checkSetting(name: SettingName, raw: unknown, where: string): unknown {
  const field: FieldSpec = SETTINGS[name];
  const shown = JSON.stringify(raw);
  const bad = (expected: string): never => {
    throw new LosscapeError(`${where} must be ${expected}: got ${shown}`);
  };
  switch (field.kind) {
    case "bool":
      if (typeof raw === "boolean") return raw;
      if (raw === "true" || raw === "false") return raw === "true";
      return bad("true or false");
    case "string":
      if (typeof raw !== "string") return bad("a string");
      return raw;
    case "enum":
      if (typeof raw !== "string" || !field.words!.includes(raw)) {
        return bad(`one of ${field.words!.join(", ")}`);
      }
      return raw;
    case "list": {
      const items = Array.isArray(raw)
        ? raw
        : typeof raw === "string"
        ? raw.split(",").filter(Boolean)
        : null;
      if (!items || !items.every((item) => field.words!.includes(item))) {
        return bad(`a comma-separated list of ${field.words!.join(", ")}`);
      }
      return items;
    }
    default: {
      const value = typeof raw === "number"
        ? raw
        : typeof raw === "string" && raw.trim() !== ""
        ? Number(raw)
        : NaN;
      const integer = field.kind === "int";
      const lowOk = field.min === undefined ||
        (field.minInclusive === false ? value > field.min : value >= field.min);
      if (
        !Number.isFinite(value) || (integer && !Number.isInteger(value)) || !lowOk ||
        (field.max !== undefined && value > field.max)
      ) {
        const low = field.min === undefined
          ? ""
          : ` ${field.minInclusive === false ? ">" : ">="} ${field.min}`;
        const high = field.max === undefined ? "" : `${low ? " and" : ""} <= ${field.max}`;
        return bad(`${integer ? "an integer" : "a number"}${low}${high}`);
      }
      return value;
    }
  }
}

/**
 * Fields that earlier versions wrote into `settings.json` beside the settings (where the model
 * came from, the version): a config file may hold them; they are not settings and are skipped.
 */
const RECORDED_FIELDS = ["modelSource", "version"];

/**
 * Resolves settings: defaults, then a config object, then flag values.
 *
 * @param config Settings from a config file (camelCase keys), and its name for messages.
 * @param flags Settings from flags (strings or booleans), by setting name.
 * @returns The resolved settings.
 * @throws {LosscapeError} On an unknown key or a bad value, naming the file field or the flag.
 * @example
 * ```ts
 * import { resolveSettings } from "./settings.ts";
 * const settings = resolveSettings({ values: { epochs: 3 }, source: "run.json" }, { lr: "0.1" });
 * console.log(settings.epochs, settings.lr, settings.grid); // 3 0.1 41
 * ```
 */
export function resolveSettings(
  config: { values: Record<string, unknown>; source: string } | null,
  flags: Record<string, unknown>,
): RunSettings {
  const settings: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(SETTINGS)) {
    settings[name] = Array.isArray(field.default) ? [...field.default] : field.default;
  }
  if (config) {
    if (
      typeof config.values !== "object" || config.values === null || Array.isArray(config.values)
    ) {
      throw new LosscapeError(`${config.source}: expected a JSON object of settings`);
    }
    for (const [key, value] of Object.entries(config.values)) {
      if (RECORDED_FIELDS.includes(key)) continue;
      if (!(key in SETTINGS)) {
        throw new LosscapeError(
          `${config.source}: unknown field "${key}": known are ${Object.keys(SETTINGS).join(", ")}`,
        );
      }
      if (value === null) continue;
      settings[key] = checkSetting(key as SettingName, value, `${config.source}: field "${key}"`);
    }
  }
  for (const [key, value] of Object.entries(flags)) {
    if (value === undefined) continue;
    settings[key] = checkSetting(key as SettingName, value, flagOf(key));
  }
  return settings as unknown as RunSettings;
}
