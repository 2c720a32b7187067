/**
 * Watches the bytes a WebSocket client sends and reports the first frame whose payload is larger than the
 * limit. API Gateway closes such a connection with 1009 even when the whole message would be small enough;
 * the `ws` package only limits whole messages, so the gateway feeds the raw socket data through this too.
 *
 * It only reads frame headers (RFC 6455 section 5.2) and skips over payloads, so it keeps a few bytes at most.
 */
export class FrameSizeGuard {
  private header = Buffer.alloc(0);
  private payloadLeft = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Feeds the next bytes; returns the size of the first oversized frame seen, or undefined. */
  push(chunk: Buffer): number | undefined {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.payloadLeft > 0) {
        const skipped = Math.min(this.payloadLeft, chunk.length - offset);
        this.payloadLeft -= skipped;
        offset += skipped;
        continue;
      }
      const needed = 14 - this.header.length;
      const taken = chunk.subarray(offset, offset + needed);
      const header = Buffer.concat([this.header, taken]);
      const parsed = parseHeader(header);
      if (!parsed) {
        this.header = header;
        offset += taken.length;
        continue;
      }
      // Bytes of `taken` beyond this header belong to the payload: step back over them.
      offset += parsed.headerBytes - this.header.length;
      this.header = Buffer.alloc(0);
      if (parsed.payloadBytes > this.maxFrameBytes) return parsed.payloadBytes;
      this.payloadLeft = parsed.payloadBytes;
    }
    return undefined;
  }
}

/** Header length and payload length of a frame, or undefined while the header is incomplete. */
function parseHeader(bytes: Buffer): { headerBytes: number; payloadBytes: number } | undefined {
  if (bytes.length < 2) return undefined;
  const masked = (bytes[1]! & 0x80) !== 0;
  const length7 = bytes[1]! & 0x7f;
  const lengthBytes = length7 === 126 ? 2 : length7 === 127 ? 8 : 0;
  const headerBytes = 2 + lengthBytes + (masked ? 4 : 0);
  if (bytes.length < headerBytes) return undefined;
  const payloadBytes =
    length7 === 126 ? bytes.readUInt16BE(2) : length7 === 127 ? Number(bytes.readBigUInt64BE(2)) : length7;
  return { headerBytes, payloadBytes };
}
