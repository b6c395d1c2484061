import { describe, expect, it } from 'vitest';
import { createHeapHold, HEAP_GROWING_PERCENT } from './heap-settings';

describe('heap growth cap', () => {
  it('holds while any big run holds it and gives V8 its defaults back after the last one', () => {
    const flags: string[] = [];
    const hold = createHeapHold((f) => flags.push(f));
    const a = hold();
    const b = hold();
    expect(flags).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
    a();
    a(); // releasing twice counts once
    expect(flags).toHaveLength(1);
    b();
    expect(flags).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, '--heap-growing-percent=0']);
  });
});
