/**
 * The engine's two op tables. `OPS` maps every resolved layer type to how it is planned, and
 * `OP_RUNNERS` every op kind to how it runs; both `satisfy` a record over all keys, so a layer
 * type or op kind without an entry is a compile error. Adding a layer to the engine: one op file
 * in this folder (its op type, plan and run), its entries here, its op type in the `KernelOp`
 * union (program/types.ts), and its kernel in assembly/.
 * @module
 */
import type { ResolvedLayer } from "../../model/resolve.ts";
import type { KernelOp } from "../program/types.ts";
import { planActivation, runActivation } from "./activation.ts";
import { planAffine, runAffine } from "./affine.ts";
import { runAdd } from "./add.ts";
import { planBatchNorm, runBatchNorm } from "./batch_norm.ts";
import { planConv2d, runConv } from "./conv2d.ts";
import { planDense, runDense } from "./dense.ts";
import { runFirst } from "./first_layer.ts";
import { planGlobalAvgPool, runGlobalAvgPool } from "./global_avg_pool.ts";
import type { LayerPlan, OpRun } from "./op.ts";
import { planPool2d, runPool2d } from "./pool2d.ts";
import { planDropout, planFlatten, planReshape, runReshape } from "./reshape.ts";
import { planResidual } from "./residual.ts";

/** A layer type of the resolved model. */
export type LayerType = ResolvedLayer["type"];

/** How each layer type is planned into kernel ops. */
export const OPS = {
  dense: planDense,
  conv2d: planConv2d,
  "max-pool2d": planPool2d,
  "avg-pool2d": planPool2d,
  "global-avg-pool2d": planGlobalAvgPool,
  flatten: planFlatten,
  "batch-norm": planBatchNorm,
  dropout: planDropout,
  activation: planActivation,
  residual: planResidual,
  reshape: planReshape,
  rescaling: planAffine,
  normalization: planAffine,
} as const satisfies { [T in LayerType]: LayerPlan<T> };

/** How each op kind runs on one block at one grid point. */
export const OP_RUNNERS = {
  first: runFirst,
  dense: runDense,
  conv: runConv,
  pool: runPool2d,
  "global-avg-pool": runGlobalAvgPool,
  "batch-norm": runBatchNorm,
  activation: runActivation,
  softmax: runActivation,
  add: runAdd,
  reshape: runReshape,
  affine: runAffine,
} as const satisfies { [Kind in KernelOp["kind"]]: OpRun<Extract<KernelOp, { kind: Kind }>> };
