/**
 * The whole default scan (`cli/main.ts scan --fresh`) as a child process, with the CPU time of
 * each of its threads, stage by stage: the main thread (data, training, the planes' tiles handed
 * out, the analyses' summary), each Worker (TF.js for the checkpoints and their analyses, the
 * scan pool, the report), and V8's helper threads (garbage collection, compilation). The threads
 * are read from /proc (Linux) every 10 ms; a stage is the time between two of the run's stage
 * lines on stderr. Comparing two builds: run it in a checkout of each, alternately, and compare
 * CPU seconds first (on a loaded machine the wall time mostly measures the neighbours).
 *
 * Run: `deno run -A bench/scan_threads.ts [CHECKOUT] [-- FLAGS]` (CHECKOUT default `.`; the scan
 * writes `CHECKOUT/out/`). Deno lets a program read /proc only with every permission, hence `-A`.
 * @module
 */
const [checkout = ".", ...rest] = Deno.args;
const flags = rest[0] === "--" ? rest.slice(1) : rest;
const clockTicks = 100; // USER_HZ on Linux
const child = new Deno.Command("deno", {
  args: [
    "run",
    "-q",
    "--frozen",
    "--lock=cli.lock",
    "--no-prompt",
    "--allow-read=.",
    "--allow-write=out",
    "cli/main.ts",
    "scan",
    "--fresh",
    ...flags,
  ],
  cwd: checkout,
  stdout: "null",
  stderr: "piped",
}).spawn();
const started = performance.now();

/** CPU seconds of each thread of the child, by thread id: [name, seconds]. */
function threadTimes(): Map<string, [string, number]> {
  const times = new Map<string, [string, number]>();
  try {
    for (const { name: tid } of Deno.readDirSync(`/proc/${child.pid}/task`)) {
      const stat = Deno.readTextFileSync(`/proc/${child.pid}/task/${tid}/stat`);
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      times.set(tid, [name, (Number(fields[11]) + Number(fields[12])) / clockTicks]);
    }
  } catch (error) {
    // The child ended between two reads; anything else (e.g. no permission) is a failure.
    if (error instanceof Deno.errors.NotCapable) throw error;
  }
  return times;
}

let latest = new Map<string, [string, number]>();
let peakMiB = 0;
const sampler = setInterval(() => {
  for (const [tid, entry] of threadTimes()) latest.set(tid, entry);
  try {
    const status = Deno.readTextFileSync(`/proc/${child.pid}/status`);
    peakMiB = Math.max(peakMiB, Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0) / 1024);
  } catch {
    // Ended.
  }
}, 10);

const marks: { stage: string; at: number; times: Map<string, [string, number]> }[] = [];
const lines = child.stderr.pipeThrough(new TextDecoderStream());
let buffered = "";
for await (const chunk of lines) {
  buffered += chunk;
  const parts = buffered.split("\n");
  buffered = parts.pop()!;
  for (const line of parts) {
    const stage = line.match(/^(\S.*?)\s+\d+\.\d\d s$/)?.[1];
    if (stage) marks.push({ stage, at: performance.now(), times: new Map(latest) });
  }
}
const { code } = await child.status;
clearInterval(sampler);
marks.push({ stage: "exit", at: performance.now(), times: latest });
latest = new Map();

// Threads by name, in the order they appeared (thread ids grow): Workers are "worker-N".
const names = [...new Set([...marks.at(-1)!.times.values()].map(([name]) => name))];
const byName = (times: Map<string, [string, number]>) => {
  const sums = new Map<string, number>(names.map((name) => [name, 0]));
  for (const [name, seconds] of times.values()) sums.set(name, sums.get(name)! + seconds);
  return sums;
};
console.log(
  `exit code ${code}, wall ${((marks.at(-1)!.at - started) / 1000).toFixed(2)} s, ` +
    `peak memory (VmHWM) ${peakMiB.toFixed(0)} MiB, load average ${Deno.loadavg()[0]}`,
);
console.log(`| stage | wall s | ${names.join(" | ")} | all threads |`);
console.log(`| --- | ---: | ${names.map(() => "---:").join(" | ")} | ---: |`);
let before = new Map<string, number>(names.map((name) => [name, 0]));
let last = started;
for (const { stage, at, times } of marks) {
  const now = byName(times);
  const cpu = names.map((name) => now.get(name)! - before.get(name)!);
  const total = cpu.reduce((sum, seconds) => sum + seconds, 0);
  console.log(
    `| ${stage} | ${((at - last) / 1000).toFixed(2)} | ${
      cpu.map((seconds) => seconds.toFixed(2)).join(" | ")
    } | ${total.toFixed(2)} |`,
  );
  [before, last] = [now, at];
}
const totals = byName(marks.at(-1)!.times);
console.log(
  `| total | ${((last - started) / 1000).toFixed(2)} | ${
    names.map((name) => totals.get(name)!.toFixed(2)).join(" | ")
  } | ${[...totals.values()].reduce((sum, seconds) => sum + seconds, 0).toFixed(2)} |`,
);
