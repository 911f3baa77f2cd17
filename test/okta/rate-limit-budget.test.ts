import { describe, expect, it } from 'vitest';
import { reservedUnits } from '../../src/okta/rate-limit-budget.ts';

describe('reservedUnits', () => {
  it('keeps at least one unit of a bucket usable whatever the reserved share', () => {
    expect(reservedUnits(100, 0.2)).toBe(20);
    expect(reservedUnits(5, 0.2)).toBe(1);
    expect(reservedUnits(1, 0.2)).toBe(0);
  });
});
