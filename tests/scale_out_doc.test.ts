// docs/scale-out.md: the Kubernetes Indexed Job manifest parses, and its command, completions
// and index variable make every pod a distinct shard of one scan with valid flags; the same for
// the AWS Batch array job and the Cloud Run job commands.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { shardFromCommandLine } from "../cli/shard_args.ts";
import { parseCommand } from "../cli/args.ts";

const doc = await Deno.readTextFile("docs/scale-out.md");
const section = (heading: string) => doc.split(`\n## ${heading}`)[1].split("\n## ")[0];
const noFiles = (path: string) => Promise.reject(new Deno.errors.NotFound(path));

/** Every task of an array job of `tasks` gets a distinct shard of `tasks`, with valid flags. */
async function assertShardsOfOneScan(
  command: string[],
  tasks: number,
  env: (index: number) => Record<string, string>,
) {
  assert.deepEqual(command.slice(0, 3), ["deno", "task", "scan"]);
  const seen = new Set<number>();
  for (let index = 0; index < tasks; index++) {
    const { argv, shard } = shardFromCommandLine(command.slice(3), env(index));
    assert.deepEqual(shard, { index, count: tasks });
    seen.add(shard!.index);
    const { name, settings } = await parseCommand(["scan", ...argv], noFiles);
    assert.equal(name, "scan");
    assert.equal(settings.out, "out/scan");
    assert.ok(settings.run !== "", "shards scan a trained run (--run)");
  }
  assert.equal(seen.size, tasks);
}

describe("docs/scale-out.md", () => {
  it("the Kubernetes Indexed Job: one shard per completion index", async () => {
    const manifest = section("Kubernetes").split("```json\n")[1].split("```")[0];
    const job = JSON.parse(manifest); // JSON is also YAML: kubectl takes it as it is
    assert.equal(job.apiVersion, "batch/v1");
    assert.equal(job.kind, "Job");
    const { spec } = job;
    assert.equal(spec.completionMode, "Indexed");
    assert.ok(spec.parallelism >= 1 && spec.parallelism <= spec.completions);
    const pod = spec.template.spec;
    assert.ok(["OnFailure", "Never"].includes(pod.restartPolicy));
    const [container] = pod.containers;
    const command: string[] = container.command;
    assert.equal(command[command.indexOf("--shards") + 1], String(spec.completions));
    await assertShardsOfOneScan(
      command,
      spec.completions,
      (index) => ({ JOB_COMPLETION_INDEX: String(index) }),
    );
    // out/ is the volume every pod shares, where the task may write.
    const mount = container.volumeMounts[0];
    assert.equal(mount.mountPath, `${container.workingDir}/out`);
    assert.ok(pod.volumes.some((volume: { name: string }) => volume.name === mount.name));
    const merge = section("Kubernetes").match(
      /deno task merge out\/scan out\/scan\/shard-\*-of-(\d+)/,
    );
    assert.equal(Number(merge?.[1]), spec.completions);
  });

  it("the AWS Batch array job: one shard per array index, then the merge", async () => {
    const text = section("AWS Batch");
    const size = Number(text.match(/--array-properties size=(\d+)/)?.[1]);
    const overrides = [...text.matchAll(/--container-overrides '([^']+)'/g)].map((m) =>
      JSON.parse(m[1])
    );
    await assertShardsOfOneScan(
      overrides[0].command,
      size,
      (index) => ({ AWS_BATCH_JOB_ARRAY_INDEX: String(index) }),
    );
    assert.match(text, /--depends-on jobId=/);
    assert.deepEqual(overrides[1].command.slice(0, 2), ["sh", "-c"]);
    assert.equal(overrides[1].command[2], `deno task merge out/scan out/scan/shard-*-of-${size}`);
  });

  it("the Cloud Run job: one shard per task from its two variables", async () => {
    const text = section("Cloud Run jobs");
    const tasks = Number(text.match(/--tasks (\d+)/)?.[1]);
    const args = text.match(/--command deno --args (\S+)/)![1].split(",");
    await assertShardsOfOneScan(
      ["deno", ...args],
      tasks,
      (index) => ({ CLOUD_RUN_TASK_INDEX: String(index), CLOUD_RUN_TASK_COUNT: String(tasks) }),
    );
    assert.match(text, new RegExp(`deno task merge out/scan out/scan/shard-\\*-of-${tasks}`));
  });
});
