import fc from 'fast-check';
import { backoffDelay } from '../../src/client/backoff';

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap, with half of it random', () => {
    const low = () => 0;
    const high = () => 0.999999;
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, { initialMs: 100, maxMs: 1000 }, low))).toEqual([50, 100, 200, 400]);
    expect(backoffDelay(10, { initialMs: 100, maxMs: 1000 }, low)).toBe(500);
    expect(backoffDelay(10, { initialMs: 100, maxMs: 1000 }, high)).toBeCloseTo(1000, 0);
  });

  it('stays within [ceiling / 2, ceiling] for any attempt', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, random) => {
        const ceiling = Math.min(30_000, 500 * 2 ** Math.min(attempt, 30));
        const delay = backoffDelay(attempt, {}, () => random);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }),
    );
  });
});
