/**
 * Checks on the training curves: under-fitting, over-fitting and the generalisation gap, and a
 * learning rate too high (loss spikes, divergence).
 * @module
 */
import type { EpochRecord } from "../../train/history.ts";
import type { DiagnosisThresholds } from "./thresholds.ts";
import { formatNumber as f, type Statement } from "./statement.ts";

/**
 * Under- and over-fitting, generalisation gap and learning-rate statements from the curves.
 *
 * @param history One record per checkpoint (at least 2 for the trends).
 * @param t Thresholds.
 * @returns The statements the curves support.
 * @example
 * ```ts
 * import { trainingChecks } from "./training_checks.ts";
 * import { DEFAULT_THRESHOLDS } from "./thresholds.ts";
 * const record = (step: number, loss: number, acc: number) => ({ epoch: step, step, trainLoss: loss, trainAcc: acc, testLoss: loss, testAcc: acc });
 * const found = trainingChecks([record(0, 2.3, 0.1), record(1, 2.1, 0.3)], DEFAULT_THRESHOLDS).filter((s) => s.found);
 * console.log(found.map((s) => s.check)); // ["under-fitting"]
 * ```
 */
export function trainingChecks(
  history: readonly EpochRecord[],
  t: DiagnosisThresholds,
): Statement[] {
  if (history.length < 2) return [];
  const statements: Statement[] = [];
  const first = history[0], last = history[history.length - 1];
  const before = history[history.length - 2];
  const drop = (before.trainLoss - last.trainLoss) / Math.abs(before.trainLoss);
  const falling = drop > t.stillFalling;
  const underfit = last.trainAcc < t.underfitAccuracy && falling;
  statements.push({
    check: "under-fitting",
    found: underfit,
    text: underfit
      ? `Under-fitting: train accuracy is ${f(last.trainAcc, true)} and the train loss still ` +
        `fell ${f(drop, true)} over the last interval; train longer or with a larger learning rate.`
      : `No sign of under-fitting: train accuracy ${f(last.trainAcc, true)}, last drop of the ` +
        `train loss ${f(drop, true)}.`,
    evidence: { trainAcc: last.trainAcc, trainLoss: last.trainLoss, lastDrop: drop },
    thresholds: { underfitAccuracy: t.underfitAccuracy, stillFalling: t.stillFalling },
  });
  let best = 0;
  history.forEach((record, i) => {
    if (record.testLoss < history[best].testLoss) best = i;
  });
  const rise = (last.testLoss - history[best].testLoss) / Math.abs(history[best].testLoss);
  const trainFell = last.trainLoss < history[best].trainLoss;
  const overfit = Number.isFinite(rise) && rise > t.overfitRise && trainFell;
  statements.push({
    check: "over-fitting",
    found: overfit,
    text: overfit
      ? `Over-fitting: the test loss rose ${f(rise, true)} above its minimum (epoch ` +
        `${f(history[best].epoch)}) while the train loss fell from ${
          f(history[best].trainLoss)
        } to ${f(last.trainLoss)}; stop earlier, regularise or add data.`
      : `No sign of over-fitting: the final test loss is ${f(rise, true)} above its minimum.`,
    evidence: {
      testLossMin: history[best].testLoss,
      testLossMinEpoch: history[best].epoch,
      testLoss: last.testLoss,
      testLossRise: rise,
      trainLoss: last.trainLoss,
    },
    thresholds: { overfitRise: t.overfitRise },
  });
  const gap = last.trainAcc - last.testAcc;
  statements.push({
    check: "generalisation-gap",
    found: gap > t.accuracyGap,
    text: `Generalisation gap: train accuracy ${f(last.trainAcc, true)} vs test ${
      f(last.testAcc, true)
    } (${f(gap, true)} apart${gap > t.accuracyGap ? ", a large gap" : ""}).`,
    evidence: { trainAcc: last.trainAcc, testAcc: last.testAcc, gap },
    thresholds: { accuracyGap: t.accuracyGap },
  });
  let spike = 1, spikeEpoch = first.epoch;
  for (let i = 1; i < history.length; i++) {
    const ratio = history[i].trainLoss / history[i - 1].trainLoss;
    if (!(ratio <= spike)) [spike, spikeEpoch] = [ratio, history[i].epoch];
  }
  const diverged = !Number.isFinite(last.trainLoss) || last.trainLoss > first.trainLoss;
  const tooHigh = diverged || !(spike <= t.spikeRatio);
  statements.push({
    check: "learning-rate",
    found: tooHigh,
    text: tooHigh
      ? `Learning rate too high: ${
        diverged
          ? `the train loss ended at ${f(last.trainLoss)}, above its start ${f(first.trainLoss)}`
          : `the train loss jumped ${f(spike)}x at epoch ${f(spikeEpoch)}`
      }; lower it or add warm-up.`
      : `No loss spikes: the train loss never rose more than ${f(spike)}x between checkpoints.`,
    evidence: {
      largestRise: spike,
      atEpoch: spikeEpoch,
      firstTrainLoss: first.trainLoss,
      lastTrainLoss: last.trainLoss,
    },
    thresholds: { spikeRatio: t.spikeRatio },
  });
  return statements;
}
