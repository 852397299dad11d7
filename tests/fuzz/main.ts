/**
 * `deno task fuzz [--cases N] [--seed S] [--format NAME] [--case I] [--save DIR]`: runs N seeded
 * cases per format (default 1000, seed 0) and prints one row per format: cases, accepted,
 * refused, crashed, the slowest case and the peak resident memory. Every crash is printed with
 * the command that replays it; `--save DIR` also writes its files there (a regression fixture).
 * Exits 1 when any case crashed.
 * @module
 */
import { parseArgs } from "node:util";
import { runCases, writeCase } from "./harness.ts";
import { FORMATS } from "./formats.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    cases: { type: "string", default: "1000" },
    seed: { type: "string", default: "0" },
    format: { type: "string" },
    case: { type: "string" },
    save: { type: "string" },
  },
});
const count = values.case === undefined ? Number(values.cases) : 1;
const from = values.case === undefined ? 0 : Number(values.case);
const seed = Number(values.seed);
const chosen = FORMATS.filter((format) => !values.format || format.name === values.format);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed) || chosen.length === 0) {
  const names = FORMATS.map((format) => `"${format.name}"`).join(", ");
  console.error(
    `usage: deno task fuzz [--cases N >= 1] [--seed S] [--format NAME] [--case I] [--save DIR]; formats: ${names}`,
  );
  Deno.exit(2);
}

const slug = (name: string) => name.replace(/[^a-z0-9.]+/gi, "_");
const widths = [12, 7, 9, 8, 8, 11, 12];
const line = (cells: string[]) =>
  `| ${
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(
      " | ",
    )
  } |`;
const rows: string[] = [
  line(["format", "cases", "accepted", "refused", "crashed", "slowest ms", "peak RSS MB"]),
  `|${
    widths.map((w, i) => (i === 0 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")
  }|`,
];
let crashes = 0;
const started = performance.now();
for (const format of chosen) {
  let peak = Deno.memoryUsage().rss;
  const tally = { accepted: 0, refused: 0, crashed: 0, slowest: 0 };
  await runCases(format, {
    seed,
    from,
    count,
    dir: `.tmp/fuzz/${slug(format.name)}`,
    onCase: async (result) => {
      peak = Math.max(peak, Deno.memoryUsage().rss);
      tally[result.outcome]++;
      tally.slowest = Math.max(tally.slowest, result.ms);
      if (values.case !== undefined) {
        console.log(`${result.outcome}: ${result.what}\n  ${result.message}`);
      }
      if (result.outcome !== "crashed") return;
      crashes++;
      console.log(
        `CRASH ${format.name} case ${result.index}: ${result.what}\n  ${result.message}\n  replay: deno task fuzz --format "${format.name}" --seed ${seed} --case ${result.index}`,
      );
      if (values.save) {
        await writeCase(
          `${values.save}/${slug(format.name)}-s${seed}-c${result.index}`,
          result.files,
        );
      }
    },
  });
  const row = line([
    format.name,
    String(count),
    String(tally.accepted),
    String(tally.refused),
    String(tally.crashed),
    tally.slowest.toFixed(1),
    (peak / 2 ** 20).toFixed(0),
  ]);
  rows.push(row);
  console.error(row);
}
console.log(rows.join("\n"));
console.log(
  `seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s, ${crashes} crashed`,
);
Deno.exit(crashes > 0 ? 1 : 0);
