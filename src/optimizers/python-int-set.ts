/**
 * The iteration order of CPython 3.11's `set(ints)`, so messages that print a set (`{9, -1}`)
 * read exactly as DSPy's. Order depends on the hash table: ints hash to themselves (−1 to −2),
 * slots come from `hash & mask` with CPython's probing (`setobject.c`: linear probes when they fit,
 * then `i = (5i + 1 + perturb) & mask` with `perturb >>= 5`), and the table grows ×4 once 3/5 full.
 */

const LINEAR_PROBES = 9;
const MIN_SIZE = 8;
const U64 = (1n << 64n) - 1n;

/**
 * The elements of `set(values)` in CPython's iteration order (duplicates dropped).
 *
 * @example
 * pythonIntSetOrder([9, 1]); // [1, 9]
 * pythonIntSetOrder([-1, 3]); // [3, -1]: hash(-1) is -2, slot 6 of 8
 */
export function pythonIntSetOrder(values: readonly number[]): number[] {
  let table: (number | undefined)[] = new Array(MIN_SIZE).fill(undefined);
  let used = 0;
  for (const value of values) {
    if (table.includes(value)) continue;
    insert(table, value);
    used += 1;
    // No deletions happen here, so `fill` equals `used`.
    if (used * 5 >= (table.length - 1) * 3) {
      let size = MIN_SIZE;
      while (size <= (used > 50_000 ? used * 2 : used * 4)) size *= 2;
      const old = table;
      table = new Array(size).fill(undefined);
      for (const item of old) if (item !== undefined) insert(table, item);
    }
  }
  return table.filter((item): item is number => item !== undefined);
}

/**
 * Python's `repr` of a set of ints: `{1, 9}`, or `set()` when empty.
 *
 * @example
 * pythonIntSetRepr([9]); // "{9}"
 */
export function pythonIntSetRepr(values: readonly number[]): string {
  const order = pythonIntSetOrder(values);
  return order.length === 0 ? "set()" : `{${order.join(", ")}}`;
}

function insert(table: (number | undefined)[], value: number): void {
  const mask = BigInt(table.length - 1);
  const hash = BigInt(value === -1 ? -2 : value) & U64;
  let perturb = hash;
  let i = hash & mask;
  for (;;) {
    const probes = i + BigInt(LINEAR_PROBES) <= mask ? LINEAR_PROBES : 0;
    for (let j = 0; j <= probes; j++) {
      const slot = Number(i) + j;
      if (table[slot] === undefined) {
        table[slot] = value;
        return;
      }
    }
    perturb >>= 5n;
    i = (i * 5n + 1n + perturb) & mask;
  }
}
