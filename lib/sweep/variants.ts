/**
 * The variants of a sweep: each `--vary SETTING=V1,V2` (or each key of a config file's `vary`
 * object) is one axis of values of a setting of the settings table, and the variants are every
 * combination of them (a grid), each with a name that is a safe folder name
 * (`batch-size=32`, `batch-size=32_lr=0.1`).
 * @module
 */
import { LosscapeError } from "../errors.ts";
import { checkSetting, flagOf, type SettingName, SETTINGS } from "../run/settings.ts";

/** One swept setting and the values it takes. */
export interface VaryAxis {
  /** The setting's camelCase name, e.g. `batchSize`. */
  setting: SettingName;
  /** The checked values, typed as the setting is. */
  values: unknown[];
  /** Each value as written in a variant's name, e.g. `32`. */
  words: string[];
}

/** One run of a sweep. */
export interface Variant {
  /** Its folder name, e.g. `batch-size=32_lr=0.1`. */
  name: string;
  /** The swept settings' values for this variant, by setting name. */
  settings: Record<string, unknown>;
}

/** Settings a sweep cannot vary: they choose where and how results go, not what they are. */
const FIXED = ["out", "fresh", "quiet", "workers"];

/** A value as a folder-name-safe word: anything but letters, digits and `.,+-` becomes `_`. */
function safeWord(value: unknown): string {
  const text = Array.isArray(value) ? value.join(",") : String(value);
  return text.replace(/[^A-Za-z0-9.,+-]/g, "_") || "none";
}

/** The camelCase setting of a flag name given with or without its dashes. */
function settingOf(flag: string, where: string): SettingName {
  const name = flag.replace(/^--/, "").replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  if (!(name in SETTINGS)) {
    throw new LosscapeError(`${where}: unknown setting "${flag}": see --help for the settings`);
  }
  if (FIXED.includes(name)) {
    throw new LosscapeError(`${where}: ${flagOf(name)} cannot be varied (it changes no result)`);
  }
  return name as SettingName;
}

/**
 * Reads one `--vary` value: `SETTING=V1,V2,...` with the setting as its flag is spelled
 * (`batch-size`); a list setting (e.g. `augment`) separates its variants with `/` instead.
 *
 * @param text The flag's value, e.g. `batch-size=32,1024`.
 * @returns The axis, its values checked as the flag would check them.
 * @throws {LosscapeError} On a missing `=`, an unknown setting, no values or a bad value.
 * @example
 * ```ts
 * import { parseVary } from "./variants.ts";
 * console.log(parseVary("batch-size=32,1024").values); // [32, 1024]
 * ```
 */
export function parseVary(text: string): VaryAxis {
  const where = `--vary ${text}`;
  const at = text.indexOf("=");
  if (at <= 0) {
    throw new LosscapeError(`${where}: expected SETTING=V1,V2 (e.g. batch-size=32,1024)`);
  }
  const setting = settingOf(text.slice(0, at), where);
  const separator = SETTINGS[setting].kind === "list" ? "/" : ",";
  return varyAxis(setting, text.slice(at + 1).split(separator), where);
}

/**
 * Reads a config file's `vary` object: camelCase setting names, each with an array of values.
 *
 * @param vary The object, e.g. `{ "batchSize": [32, 1024] }`.
 * @param source The config file's name, for messages.
 * @returns One axis per key, in the object's order.
 * @throws {LosscapeError} When it is not an object of non-empty arrays of valid values.
 * @example
 * ```ts
 * import { varyFromConfig } from "./variants.ts";
 * console.log(varyFromConfig({ lr: [0.1, 0.01] }, "sweep.json")[0].words); // ["0.1", "0.01"]
 * ```
 */
export function varyFromConfig(vary: unknown, source: string): VaryAxis[] {
  if (typeof vary !== "object" || vary === null || Array.isArray(vary)) {
    throw new LosscapeError(`${source}: field "vary" must be an object of setting: [values]`);
  }
  return Object.entries(vary).map(([key, values]) => {
    const where = `${source}: field "vary.${key}"`;
    if (!Array.isArray(values)) throw new LosscapeError(`${where} must be an array of values`);
    return varyAxis(settingOf(key, where), values, where);
  });
}

function varyAxis(setting: SettingName, raw: unknown[], where: string): VaryAxis {
  if (raw.length === 0 || raw.some((value) => value === "")) {
    throw new LosscapeError(`${where}: expected one or more values, none empty`);
  }
  const values = raw.map((value) => checkSetting(setting, value, `${where}: ${flagOf(setting)}`));
  const words = values.map(safeWord);
  if (new Set(words).size !== words.length) {
    throw new LosscapeError(`${where}: a value is given twice (${words.join(", ")})`);
  }
  return { setting, values, words };
}

/**
 * Every combination of the axes' values, the first axis varying slowest.
 *
 * @param axes The swept settings (each setting at most once).
 * @returns The variants, named `flag=word` joined by `_`.
 * @throws {LosscapeError} When no axis is given or a setting is swept twice.
 * @example
 * ```ts
 * import { parseVary, sweepVariants } from "./variants.ts";
 * const variants = sweepVariants([parseVary("batch-size=32,64"), parseVary("lr=0.1")]);
 * console.log(variants.map((v) => v.name)); // ["batch-size=32_lr=0.1", "batch-size=64_lr=0.1"]
 * ```
 */
export function sweepVariants(axes: readonly VaryAxis[]): Variant[] {
  if (axes.length === 0) {
    throw new LosscapeError("--vary: give at least one, e.g. --vary batch-size=32,1024");
  }
  const seen = new Set<string>();
  for (const axis of axes) {
    if (seen.has(axis.setting)) {
      throw new LosscapeError(`--vary: ${flagOf(axis.setting)} is varied twice`);
    }
    seen.add(axis.setting);
  }
  let variants: Variant[] = [{ name: "", settings: {} }];
  for (const axis of axes) {
    const label = flagOf(axis.setting).slice(2);
    variants = variants.flatMap((variant) =>
      axis.values.map((value, i) => ({
        name: `${variant.name}${variant.name ? "_" : ""}${label}=${axis.words[i]}`,
        settings: { ...variant.settings, [axis.setting]: value },
      }))
    );
  }
  return variants;
}
