/**
 * This process's CPU time, the clock of the benchmarks that must survive a loaded machine: on
 * a shared machine the wall clock mostly measures the neighbours, while CPU time
 * (`process.cpuUsage`, user + system, every thread: this one and its Workers) counts only the
 * work done.
 * @module
 */
import process from "node:process";

/**
 * CPU milliseconds this process has used since it started (user + system, all threads).
 *
 * @returns Milliseconds; subtract two readings for the CPU time between them.
 * @example
 * ```ts
 * import { processCpuMs } from "./process_cpu.ts";
 * const start = processCpuMs();
 * let sum = 0;
 * for (let i = 0; i < 1e6; i++) sum += i;
 * console.log(processCpuMs() - start >= 0); // true
 * ```
 */
export function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
