/**
 * What training records after each epoch: loss and accuracy on the train and test splits (the
 * checkpoints themselves are `Checkpoint`s of `train_model.ts`).
 * @module
 */

/** Loss and accuracy after one epoch (epoch 0 is the initialisation). */
export interface EpochRecord {
  /** Epoch number; 0 is before any training. */
  epoch: number;
  /** Optimiser steps taken so far. */
  step: number;
  /** Mean cross-entropy on the training set. */
  trainLoss: number;
  /** Top-1 accuracy on the training set, in [0, 1]. */
  trainAcc: number;
  /** Mean cross-entropy on the test set. */
  testLoss: number;
  /** Top-1 accuracy on the test set, in [0, 1]. */
  testAcc: number;
}
