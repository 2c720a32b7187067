import fc from 'fast-check';
import { LIMITS } from '../../src/contract/limits';
import { forEachWithConcurrency } from '../../src/runtime/realtime/concurrency';
import { encodeForDelivery, splitIntoBatches } from '../../src/runtime/realtime/fanout';
import { messageCreated } from './support/events';

describe('splitIntoBatches', () => {
  test('slices keep every id once, in order, none larger than the batch size and only the last smaller', () => {
    fc.assert(
      fc.property(fc.array(fc.uuid(), { maxLength: 300 }), fc.integer({ min: 1, max: 50 }), (ids, size) => {
        const batches = splitIntoBatches(ids, size);
        expect(batches.flat()).toEqual(ids);
        expect(batches).toHaveLength(Math.ceil(ids.length / size));
        batches.slice(0, -1).forEach((batch) => expect(batch).toHaveLength(size));
        if (batches.length > 0) expect(batches[batches.length - 1].length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('forEachWithConcurrency', () => {
  test('works on every item once and never has more than the limit in flight', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 3 }), { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), async (delays, limit) => {
        let inFlight = 0;
        let peak = 0;
        const done: number[] = [];
        await forEachWithConcurrency(
          delays.map((delay, index) => ({ delay, index })),
          limit,
          async ({ delay, index }) => {
            inFlight++;
            peak = Math.max(peak, inFlight);
            await new Promise((resolve) => setTimeout(resolve, delay));
            inFlight--;
            done.push(index);
          },
        );
        expect(done.sort((a, b) => a - b)).toEqual(delays.map((_, index) => index));
        expect(peak).toBeLessThanOrEqual(Math.max(1, Math.min(limit, delays.length)));
      }),
      { numRuns: 30 },
    );
  });
});

describe('encodeForDelivery', () => {
  const decode = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8'));
  const groupId = '5b0e3f52-7d1c-4c1e-9a63-2f8c0f6f5d11';

  test('an event that fits in one WebSocket message goes whole', () => {
    const event = messageCreated(groupId, 5, 1000);
    expect(decode(encodeForDelivery(event))).toEqual(event);
  });

  test('an event over 128 KB becomes a pointer of a few bytes with the seq to fetch', () => {
    const event = messageCreated(groupId, 9, LIMITS.webSocketMessageBytes);
    const encoded = encodeForDelivery(event);
    expect(encoded.byteLength).toBeLessThan(200);
    expect(decode(encoded)).toEqual({ type: 'event.pointer', groupId, seq: 9, eventType: 'message.created' });
  });
});
