/**
 * Datasets: the in-memory format, the built-in MNIST digits, synthetic 2D sets, loaders for
 * IDX, `.npy` and CSV files, splits and feature scaling.
 * @module
 */
export { type Dataset, type DataSplit, takeSamples } from "./dataset.ts";
export { loadMnistDigits, MNIST_FEATURES, type MnistOptions } from "./mnist.ts";
export {
  makeSynthetic,
  SYNTHETIC_KINDS,
  type SyntheticKind,
  type SyntheticOptions,
} from "./synthetic.ts";
export { decodeIdx, type IdxArray, type IdxDatasetOptions, loadIdxDataset } from "./idx.ts";
export { decodeNpyData, loadNpyDataset, type NpyData, type NpyDatasetOptions } from "./npy_data.ts";
export {
  type CsvDataset,
  type CsvDatasetOptions,
  type CsvOptions,
  loadCsvDataset,
  parseCsvDataset,
} from "./csv.ts";
export { evaluationSubset, selectSamples, splitDataset, type SplitOptions } from "./split.ts";
export {
  applyScaler,
  type FeatureScaler,
  fitScaler,
  type ScaledSplit,
  scaleToUnitRange,
  standardize,
} from "./preprocess.ts";
