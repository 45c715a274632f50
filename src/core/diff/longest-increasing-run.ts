/**
 * Indices of a longest strictly increasing subsequence of `values` (O(n log n), patience sorting). Elements of
 * a list that kept their relative order; everything else counts as moved. The same input always gives the
 * same run.
 */
export function longestIncreasingRun(values: readonly number[]): Set<number> {
  // tails[k]: index of the smallest last value of an increasing run of length k + 1 found so far.
  const tails: number[] = [];
  const previous = new Int32Array(values.length).fill(-1);
  values.forEach((value, index) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((values[tails[middle] ?? 0] ?? 0) < value) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[index] = tails[low - 1] ?? -1;
    tails[low] = index;
  });
  const kept = new Set<number>();
  for (let index = tails[tails.length - 1] ?? -1; index >= 0; index = previous[index] ?? -1) kept.add(index);
  return kept;
}
