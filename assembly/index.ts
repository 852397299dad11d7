// The losscape kernel: exports only, each taking pointers, lengths and strides into this
// module's memory. The host owns that memory: it places buffers at or above heapBase() and
// grows the memory itself (the module never allocates, so it imports nothing).

export { gemmBias } from "./gemm";
export { combineFirstLayer, combineFirstLayerMaxPool, combineWeights } from "./combine";
export { softmaxCrossEntropy } from "./softmax_ce";
export { meanSquaredError } from "./mse";
export { expInPlace, softmaxExpInPlace } from "./exp";
export { mlpPointLoss } from "./mlp_fused";
export { conv2d, padImage } from "./conv";
export { globalAvgPool, pool2d } from "./pool";
export { activate, softmaxRows } from "./activations";
export { addTensors, batchNorm } from "./elementwise";
export { binaryCrossEntropy } from "./bce";
export { winogradInput, winogradOutput, winogradWeights } from "./winograd";
export { winogradMultiply } from "./winograd_gemm";
export { sparseRows, sparseTimesDense, sparseTransposeTimesDense } from "./sparse";
export {
  batchNormApply,
  batchNormGradientSums,
  batchNormInputGradient,
  batchNormStatistics,
  convFilterGradient,
  maskedChannelSums,
  maxPoolRoute,
} from "./backward";

/** Returns the first byte the host may use; everything below belongs to static data. */
export function heapBase(): usize {
  return __heap_base;
}
