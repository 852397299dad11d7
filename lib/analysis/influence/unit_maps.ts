/**
 * Per-unit and per-filter importance maps: for each output unit of a kernel, the importance of
 * its incoming weights laid out over the layer's input shape. A first dense layer on 28x28
 * images gives one 28x28 map per hidden unit (which pixels the unit's influence comes from); a
 * convolution gives one kh x kw map per filter (summed over input channels).
 * @module
 */
import type { TensorSlot } from "../../model/layout.ts";

/** One map per output unit. */
export interface UnitMaps {
  /** The kernel's name. */
  tensor: string;
  /** Number of maps (output units or filters). */
  units: number;
  /** Height and width of each map. */
  height: number;
  /** Width of each map. */
  width: number;
  /** Maps back to back, `[units, height, width]` row-major. */
  maps: Float32Array;
  /** Total importance per unit (the sum of its map). */
  totals: Float32Array;
}

/**
 * Lays out a kernel's per-weight values (e.g. importance) as one map per output unit.
 *
 * @param slot The kernel: dense `[inputs, units]` or conv `[kh, kw, inChannels, filters]`.
 * @param perWeight One value per weight of the whole flat vector (indexed by `slot.offset`).
 * @param inputShape The layer's per-sample input shape; a dense layer whose input is
 *   `[h, w, c]` images (or whose inputs equal `imageShape`'s product) gets h x w maps.
 * @param imageShape The dataset's image shape, when the dense layer reads flattened images.
 * @returns The maps (channels summed).
 * @throws {RangeError} For a tensor that is not a dense or conv kernel.
 * @example
 * ```ts
 * import { buildLayout } from "../../model/layout.ts";
 * import { unitMaps } from "./unit_maps.ts";
 * const [slot] = buildLayout([{ name: "dense0/kernel", shape: [4, 2], role: "kernel" }]).tensors;
 * const maps = unitMaps(slot, new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]), [4], [2, 2, 1]);
 * console.log(maps.height, maps.width, Array.from(maps.maps.subarray(0, 4))); // 2 2 [1, 3, 5, 7]
 * ```
 */
export function unitMaps(
  slot: TensorSlot,
  perWeight: ArrayLike<number>,
  inputShape: readonly number[],
  imageShape?: readonly number[],
): UnitMaps {
  const shape = slot.shape;
  let height: number, width: number, channels: number;
  if (shape.length === 4) {
    [height, width, channels] = shape;
  } else if (shape.length === 2) {
    const spatial = inputShape.length === 3
      ? inputShape
      : imageShape?.length === 3 && imageShape[0] * imageShape[1] * imageShape[2] === shape[0]
      ? imageShape
      : null;
    if (spatial) [height, width, channels] = spatial;
    else [height, width, channels] = [1, shape[0], 1];
  } else {
    throw new RangeError(
      `Unit maps need a dense or conv kernel: ${slot.name} has shape [${shape}]`,
    );
  }
  const units = shape[shape.length - 1];
  const maps = new Float32Array(units * height * width);
  const totals = new Float32Array(units);
  // Kernel rows are (row, column, channel) of the input in row-major order, units last.
  for (let pixel = 0; pixel < height * width; pixel++) {
    for (let c = 0; c < channels; c++) {
      const row = (pixel * channels + c) * units;
      for (let u = 0; u < units; u++) {
        const v = perWeight[slot.offset + row + u];
        maps[u * height * width + pixel] += v;
        totals[u] += v;
      }
    }
  }
  return { tensor: slot.name, units, height, width, maps, totals };
}
