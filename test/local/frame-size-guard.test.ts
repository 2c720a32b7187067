import fc from 'fast-check';
import { FrameSizeGuard } from '../../src/local/frame-size-guard';

/** A masked client frame with the given payload size, encoded as RFC 6455 says. */
function frame(payloadBytes: number): Buffer {
  const lengthField =
    payloadBytes < 126
      ? Buffer.from([0x80 | payloadBytes])
      : payloadBytes < 65536
        ? Buffer.from([0x80 | 126, payloadBytes >> 8, payloadBytes & 0xff])
        : Buffer.concat([Buffer.from([0x80 | 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(payloadBytes)); return b; })()]);
  return Buffer.concat([Buffer.from([0x81]), lengthField, Buffer.from([1, 2, 3, 4]), Buffer.alloc(payloadBytes, 7)]);
}

describe('FrameSizeGuard', () => {
  it('finds the first frame over the limit, whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 60_000, max: 70_000 })), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 100, max: 65_000 }),
        (sizes, chunkSize, limit) => {
          const bytes = Buffer.concat(sizes.map(frame));
          const guard = new FrameSizeGuard(limit);
          let found: number | undefined;
          for (let offset = 0; offset < bytes.length && found === undefined; offset += chunkSize) {
            found = guard.push(bytes.subarray(offset, offset + chunkSize));
          }
          expect(found).toBe(sizes.find((size) => size > limit));
        },
      ),
    );
  });
});
