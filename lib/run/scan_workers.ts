/**
 * How many Workers a scan uses: `--workers N`, capped at the number of cores. More Workers than
 * cores only share the same cores while each holds its own copy of the model and data: on 2
 * cores, 99 Workers made a scan about 20 times slower and took 7 times the memory.
 * @module
 */
import { defaultWorkerCount } from "../engine/mod.ts";

/**
 * The Workers to use for a scan.
 *
 * @param requested `--workers` (0: one per core).
 * @param cores Cores available (default: the runtime's `navigator.hardwareConcurrency`).
 * @param onNote Told when the request is capped.
 * @returns A count in [1, cores].
 * @example
 * ```ts
 * import { scanWorkers } from "./scan_workers.ts";
 * console.log(scanWorkers(99, 2, (line) => console.log(line))); // 2, after a note
 * ```
 */
export function scanWorkers(
  requested: number,
  cores: number = navigator.hardwareConcurrency || 1,
  onNote?: (line: string) => void,
): number {
  if (requested <= 0) return Math.min(defaultWorkerCount(), Math.max(1, cores));
  if (requested <= cores) return requested;
  onNote?.(
    `--workers ${requested}: this machine has ${cores} core${cores === 1 ? "" : "s"}; ` +
      `using ${cores} (more Workers than cores only slow the scan and take memory)`,
  );
  return cores;
}
