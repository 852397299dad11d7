/**
 * Every fuzzed format, in the order the table lists them: each reader of a user's or a run's
 * files.
 * @module
 */
import type { FuzzFormat } from "./harness.ts";
import { csvFormat, idxFormat, idxGzFormat, npyFormat } from "./formats_data.ts";
import { h5Format, layersFormat, specFormat } from "./formats_model.ts";
import { checkpointsFormat, configFormat, landscapeFormat } from "./formats_run.ts";

/** The formats. */
export const FORMATS: FuzzFormat[] = [
  npyFormat,
  idxFormat,
  idxGzFormat,
  csvFormat,
  specFormat,
  layersFormat,
  h5Format,
  configFormat,
  checkpointsFormat,
  landscapeFormat,
];
