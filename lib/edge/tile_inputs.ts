/**
 * The large inputs of a tile request, inline or by URL: float32 vectors (centre, directions) and
 * the samples (inline, two `.npy` files or one CSV file). Parsed with the project's own `.npy`
 * and CSV readers; nothing here needs a file system or a Node built-in.
 * @module
 */
import type { Dataset } from "../data/dataset.ts";
import { decodeNpyData } from "../data/npy_data.ts";
import { parseCsvDataset } from "../data/csv.ts";
import { checkFinite, checkLabels } from "../data/checks.ts";
import { LosscapeError } from "../errors.ts";
import { decodeFloat32Base64 } from "./tile_protocol.ts";
import { describeJson, TileRequestError } from "./tile_request_error.ts";

/** How inputs given by URL are fetched. */
export interface TileFetchOptions {
  /** The fetch to use (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** The most bytes one fetched file may hold. */
  maxFetchBytes: number;
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

async function fetchBytes(url: unknown, field: string, options: TileFetchOptions) {
  if (typeof url !== "string" || !/^https?:\/\//.test(url)) {
    throw new TileRequestError(400, `${field}: expected an http(s) URL, got ${describeJson(url)}`);
  }
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url);
  } catch (error) {
    throw new TileRequestError(
      422,
      `${field}: could not fetch ${url}: ${(error as Error).message}`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new TileRequestError(422, `${field}: fetching ${url} answered HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get("content-length") ?? 0);
  const bytes = declared > options.maxFetchBytes
    ? null
    : new Uint8Array(await response.arrayBuffer());
  if (bytes === null || bytes.length > options.maxFetchBytes) {
    await response.body?.cancel().catch(() => {});
    throw new TileRequestError(
      413,
      `${field}: ${url} holds more than ${options.maxFetchBytes} bytes, the most a fetched file may`,
    );
  }
  return bytes;
}

function isNpy(bytes: Uint8Array): boolean {
  return NPY_MAGIC.every((byte, i) => bytes[i] === byte);
}

/** Runs a parser from lib/data, turning its LosscapeError into a 422 naming the field. */
function parseAs<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof TileRequestError || !(error instanceof LosscapeError)) throw error;
    const named = error.message.startsWith(`${field}:`);
    throw new TileRequestError(422, named ? error.message : `${field}: ${error.message}`);
  }
}

/**
 * Reads a float32 vector of a tile request: inline base64, or a URL of an `.npy` (any supported
 * dtype, converted to float32) or of raw little-endian float32 bytes.
 *
 * @param value The field's JSON value.
 * @param field Its name, for messages.
 * @param options How URLs are fetched.
 * @returns The values.
 * @throws {TileRequestError} 400 for a malformed field, 413/422 for a URL that fails.
 * @example
 * ```ts
 * import { readTileVector } from "./tile_inputs.ts";
 * const center = await readTileVector("AACAPw==", "center", { maxFetchBytes: 1024 });
 * console.log(center); // Float32Array [1]
 * ```
 */
export async function readTileVector(
  value: unknown,
  field: string,
  options: TileFetchOptions,
): Promise<Float32Array> {
  if (typeof value === "string") {
    return parseAs(field, () => {
      try {
        return decodeFloat32Base64(value, field);
      } catch (error) {
        throw new TileRequestError(400, (error as Error).message);
      }
    });
  }
  if (value === null || typeof value !== "object" || !("url" in value)) {
    throw new TileRequestError(
      400,
      `${field}: expected base64 float32 text or { "url": ... }, got ${describeJson(value)}`,
    );
  }
  const bytes = await fetchBytes(value.url, `${field}.url`, options);
  if (isNpy(bytes)) {
    return Float32Array.from(
      parseAs(`${field}.url`, () => decodeNpyData(bytes, `${field}.url`)).values,
    );
  }
  if (bytes.length % 4 !== 0) {
    throw new TileRequestError(
      422,
      `${field}.url: expected an .npy file or raw float32 bytes, got ${bytes.length} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

function positiveInt(value: unknown, field: string): number {
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new TileRequestError(
      400,
      `${field}: expected an integer >= 1, got ${describeJson(value)}`,
    );
  }
  return value as number;
}

/**
 * Reads the samples of a tile request: inline (`x`, `y`, `features`, `classes`), two `.npy`
 * URLs (`url`, `labels`) or one CSV URL (`csv`).
 *
 * @param value The `data` field's JSON value.
 * @param options How URLs are fetched.
 * @returns The dataset.
 * @throws {TileRequestError} Naming the `data.*` field that is malformed or does not parse.
 * @example
 * ```ts
 * import { readTileData } from "./tile_inputs.ts";
 * const data = await readTileData({ x: "AACAPwAAAAA=", y: [1], features: 2, classes: 2 }, { maxFetchBytes: 0 });
 * console.log(data.count, data.features); // 1 2
 * ```
 */
export async function readTileData(value: unknown, options: TileFetchOptions): Promise<Dataset> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TileRequestError(400, `data: expected an object, got ${describeJson(value)}`);
  }
  const data = value as Record<string, unknown>;
  const classes = data.classes === undefined
    ? undefined
    : positiveInt(data.classes, "data.classes");
  if ("csv" in data) {
    const text = new TextDecoder().decode(await fetchBytes(data.csv, "data.csv", options));
    const label = data.label as string | number | undefined;
    return parseAs("data.csv", () => parseCsvDataset(text, "data.csv", { label, classes }));
  }
  if ("url" in data) {
    const [xBytes, yBytes] = await Promise.all([
      fetchBytes(data.url, "data.url", options),
      fetchBytes(data.labels, "data.labels", options),
    ]);
    const x = parseAs("data.url", () => decodeNpyData(xBytes, "data.url"));
    const y = parseAs("data.labels", () => decodeNpyData(yBytes, "data.labels"));
    const count = x.shape[0] ?? 0;
    const labels = parseAs("data.labels", () => checkLabels(y.values, "data.labels", classes));
    return checkedDataset("data.url", {
      x: Float32Array.from(x.values),
      y: labels.y,
      count,
      features: count > 0 ? x.values.length / count : 0,
      classes: labels.classes,
      ...(x.shape.length > 2 ? { shape: x.shape.slice(1) } : {}),
    });
  }
  if (typeof data.x !== "string" || !Array.isArray(data.y)) {
    throw new TileRequestError(
      400,
      `data: expected { "x": base64, "y": [labels], "features", "classes" }, { "url", "labels" } or { "csv" }`,
    );
  }
  const features = positiveInt(data.features, "data.features");
  const x = parseAs("data.x", () => decodeFloat32Base64(data.x as string, "data.x"));
  const count = (data.y as unknown[]).length;
  const labels = parseAs(
    "data.y",
    () => checkLabels(data.y as number[], "data.y", positiveInt(data.classes, "data.classes")),
  );
  const shape = Array.isArray(data.shape) ? data.shape as number[] : undefined;
  return checkedDataset("data.x", {
    x,
    y: labels.y,
    count,
    features,
    classes: labels.classes,
    shape,
  });
}

function checkedDataset(field: string, data: Dataset): Dataset {
  if (data.count < 1 || data.x.length !== data.count * data.features) {
    throw new TileRequestError(
      422,
      `${field}: expected ${data.count} samples of ${data.features} features (${
        data.count * data.features
      } values), got ${data.x.length} values`,
    );
  }
  if (data.y.length !== data.count) {
    throw new TileRequestError(
      422,
      `${field}: expected one label per sample (${data.count}), got ${data.y.length} labels`,
    );
  }
  parseAs(field, () => checkFinite(data.x, data.features, field));
  if (data.shape === undefined) delete data.shape;
  return data;
}
