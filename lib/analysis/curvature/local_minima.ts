/**
 * Local minima of a scanned grid: cells lower than every neighbour (the 8 around a cell in 2D,
 * the 2 beside it in 1D). A plateau (connected cells of equal value) is one minimum when every
 * cell around it is higher; it is reported once, at its member nearest its centre, with its
 * size. Non-finite cells are never minima and never count as lower neighbours.
 * @module
 */

/** A local minimum of a grid. */
export interface LocalMinimum {
  /** Column (x index). */
  i: number;
  /** Row (y index; 0 in 1D). */
  j: number;
  /** The value there. */
  value: number;
  /** Cells of its plateau (1: a strict minimum). */
  cells: number;
  /** Whether the plateau touches the grid's edge (the true minimum may lie outside). */
  onBorder: boolean;
}

/**
 * Finds the local minima of a grid.
 *
 * @param values Row-major `[ny, nx]` values (NaN allowed).
 * @param nx Columns.
 * @param ny Rows (1 for a 1D scan).
 * @returns The minima, lowest first.
 * @throws {RangeError} When the sizes do not match.
 * @example
 * ```ts
 * import { findLocalMinima } from "./local_minima.ts";
 * console.log(findLocalMinima([3, 1, 2, 0, 4], 5, 1).map((m) => m.i)); // [3, 1]
 * ```
 */
export function findLocalMinima(values: ArrayLike<number>, nx: number, ny = 1): LocalMinimum[] {
  if (values.length !== nx * ny || nx < 1 || ny < 1) {
    throw new RangeError(`Grid of ${nx} x ${ny} needs ${nx * ny} values: got ${values.length}`);
  }
  const neighbours = (cell: number): number[] => {
    const i = cell % nx, j = Math.floor(cell / nx);
    const out: number[] = [];
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) {
        const a = i + di, b = j + dj;
        if ((di || dj) && a >= 0 && a < nx && b >= 0 && b < ny) out.push(b * nx + a);
      }
    }
    return out;
  };
  const seen = new Uint8Array(values.length);
  const minima: LocalMinimum[] = [];
  for (let start = 0; start < values.length; start++) {
    const value = values[start];
    if (seen[start] || !Number.isFinite(value)) continue;
    // Flood the plateau of equal values; it is a minimum if nothing around it is lower or equal.
    const plateau = [start];
    seen[start] = 1;
    let minimum = true;
    for (let k = 0; k < plateau.length; k++) {
      for (const next of neighbours(plateau[k])) {
        const other = values[next];
        if (other === value) {
          if (!seen[next]) {
            seen[next] = 1;
            plateau.push(next);
          }
        } else if (other < value) minimum = false;
      }
    }
    if (!minimum) continue;
    const ci = plateau.reduce((s, c) => s + (c % nx), 0) / plateau.length;
    const cj = plateau.reduce((s, c) => s + Math.floor(c / nx), 0) / plateau.length;
    const distance = (c: number) => (c % nx - ci) ** 2 + (Math.floor(c / nx) - cj) ** 2;
    const centre = plateau.reduce((best, c) => (distance(c) < distance(best) ? c : best));
    minima.push({
      i: centre % nx,
      j: Math.floor(centre / nx),
      value,
      cells: plateau.length,
      onBorder: plateau.some((c) => {
        const i = c % nx, j = Math.floor(c / nx);
        return i === 0 || i === nx - 1 || (ny > 1 && (j === 0 || j === ny - 1));
      }),
    });
  }
  return minima.sort((a, b) => a.value - b.value);
}
