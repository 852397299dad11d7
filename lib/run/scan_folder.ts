/**
 * Before a scan writes anything: decide whether `--out` holds this same run (continue it in
 * place), the same training with other scan settings (keep `run/`, move the scan results
 * aside), or another run (move everything aside). See ./out_folder.ts for where results go.
 * @module
 */
import { nodePath } from "../io/node_builtin.ts";
import { isScanOnly, type RunSettings } from "./settings.ts";
import { differingSettings, moveRunAside, recordedSettings } from "./out_folder.ts";

/** Provenance fields recorded beside the settings; not settings themselves. */
const PROVENANCE = new Set(["modelSource", "version"]);

function settingsOnly(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !PROVENANCE.has(key)));
}

/**
 * Makes `--out` hold at most this run's results, moving any other run's into `earlier/`.
 *
 * @param settings The command's settings.
 * @param used The settings the scan records (with `--run`: the run's training settings).
 * @param onNote Told where earlier results went.
 * @returns The folder results were moved to, or null.
 * @example
 * ```ts ignore
 * import { prepareScanFolder } from "./scan_folder.ts";
 * await prepareScanFolder(settings, settings, console.error);
 * ```
 */
export async function prepareScanFolder(
  settings: RunSettings,
  used: RunSettings,
  onNote?: (line: string) => void,
): Promise<string | null> {
  const { out } = settings;
  const recorded = await recordedSettings(out);
  if (!recorded.anything) return null;
  const { resolve } = nodePath();
  const scanning = settings.run !== "" ? resolve(settings.run) : "";
  const ownRun = resolve(out, "run");
  const now = used as unknown as Record<string, unknown>;
  let reason = "";
  let keepRun = false;
  if (settings.fresh) {
    reason = "--fresh";
  } else if (recorded.scan) {
    const differ = differingSettings(settingsOnly(recorded.scan), now);
    if (differ.length === 0) return null; // the same run: continue it in place
    reason = `other settings: ${differ.join(", ")}`;
    keepRun = differ.every(isScanOnly);
  } else {
    // No scan record: a training run's folder (deno task train), or a scan stopped in training.
    const training = recorded.training ? settingsOnly(recorded.training) : null;
    keepRun = training !== null &&
      differingSettings(training, now).every(isScanOnly);
    reason = keepRun ? "results without a record of their settings" : "a different run";
  }
  // The run being scanned is never moved; with --run, the folder's own run/ is not this scan's.
  if (scanning !== "") keepRun = scanning === ownRun;
  const moved = await moveRunAside(out, { keep: keepRun ? ["run"] : [], reason });
  if (moved) onNote?.(`moved the earlier results in ${out}/ to ${moved}/ (${reason})`);
  return moved;
}
