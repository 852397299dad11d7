// Helpers for the fault tests: run the CLI as a user would (with a signal on cue), compare run
// folders byte for byte, and mount a small tmpfs (root only) to fill or make read-only.

/** A finished CLI run. */
export interface CliRun {
  /** Exit code. */
  code: number;
  /** Standard error, decoded. */
  stderr: string;
}

/** Options for {@linkcode runCli}: a signal to send once `when` holds (polled every 50 ms). */
export interface SignalCue {
  /** The signal. */
  signal: Deno.Signal;
  /** Sent once this resolves true. */
  when: () => Promise<boolean>;
}

/** Runs `deno run cli/main.ts ARGS` with write permission under .tmp only. */
export async function runCli(args: string[], cue?: SignalCue): Promise<CliRun> {
  const child = new Deno.Command("deno", {
    args: ["run", "--no-prompt", "--allow-read=.", "--allow-write=.tmp", "cli/main.ts", ...args],
    env: { NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let sent = false;
  if (cue) {
    (async () => {
      while (!sent) {
        if (await cue.when().catch(() => false)) {
          sent = true;
          child.kill(cue.signal);
        } else await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
  }
  const output = await child.output();
  sent = true;
  return { code: output.code, stderr: new TextDecoder().decode(output.stderr) };
}

/** How many checkpoints a run folder's index names (0 when there is none yet). */
export async function checkpointCount(runDir: string): Promise<number> {
  const index = JSON.parse(await Deno.readTextFile(`${runDir}/checkpoints.json`));
  return index.checkpoints.length;
}

/** Every file under `dir` (relative names), recursively. */
export async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(`${dir}/${prefix}`)) {
    if (entry.isDirectory) names.push(...await listFiles(dir, `${prefix}${entry.name}/`));
    else names.push(`${prefix}${entry.name}`);
  }
  return names.sort();
}

/** Whether two files hold the same bytes. */
export async function sameBytes(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([Deno.readFile(a), Deno.readFile(b)]);
  return x.length === y.length && x.every((byte, i) => byte === y[i]);
}

/** A tmpfs mounted at `dir` for one test, or null (with the reason) when it cannot be. */
export async function mountTmpfs(dir: string, size: string): Promise<string | null> {
  await Deno.mkdir(dir, { recursive: true });
  const result = await new Deno.Command("mount", {
    args: ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir],
    stdout: "null",
    stderr: "piped",
  }).output().catch((error) => ({
    success: false,
    stderr: new TextEncoder().encode(String(error)),
  }));
  return result.success ? null : new TextDecoder().decode(result.stderr).trim();
}

/** Runs `mount`/`umount` with arguments, retrying while the file system is busy. */
export async function mountCommand(command: "mount" | "umount", args: string[]): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { success } = await new Deno.Command(command, { args, stdout: "null", stderr: "null" })
      .output();
    if (success) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${command} ${args.join(" ")} kept failing`);
}

/** Fills a file system until only about `freeBytes` are left; returns the filler's path. */
export async function fillDisk(dir: string, freeBytes: number): Promise<string> {
  const filler = `${dir}/filler.bin`;
  const file = await Deno.open(filler, { create: true, write: true });
  const chunk = new Uint8Array(4096);
  try {
    for (;;) await file.write(chunk);
  } catch {
    // Full: give back what the run may use.
  } finally {
    file.close();
  }
  const size = (await Deno.stat(filler)).size;
  await Deno.truncate(filler, Math.max(0, size - freeBytes));
  return filler;
}
