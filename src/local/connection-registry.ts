import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';

/** API Gateway's WebSocket limits; the local gateway enforces the same. */
export const WEBSOCKET_LIMITS = {
  frameBytes: 32 * 1024,
  messageBytes: 128 * 1024,
  idleTimeoutMs: 10 * 60_000,
  maxConnectionMs: 2 * 60 * 60_000,
} as const;

/** One open WebSocket, as the `@connections` API describes it. */
export interface LiveConnection {
  id: string;
  socket: WebSocket;
  connectedAt: Date;
  lastActiveAt: Date;
  sourceIp: string;
  userAgent: string;
  /** The authorizer's context, passed to every later route of the connection. */
  authorizer: Record<string, unknown>;
}

/** A connection id shaped like API Gateway's (16 characters of base64, ending in `=`). */
export function newConnectionId(): string {
  return randomBytes(11).toString('base64').replace(/.$/, '=');
}

/** The open connections of the local WebSocket API, by id. */
export class ConnectionRegistry {
  private readonly connections = new Map<string, LiveConnection>();

  add(connection: LiveConnection): void {
    this.connections.set(connection.id, connection);
  }

  remove(id: string): void {
    this.connections.delete(id);
  }

  /** The connection when it is open; closed or closing ones are gone, like on API Gateway. */
  get(id: string): LiveConnection | undefined {
    const connection = this.connections.get(id);
    return connection && connection.socket.readyState === WebSocket.OPEN ? connection : undefined;
  }

  get size(): number {
    return this.connections.size;
  }

  all(): LiveConnection[] {
    return [...this.connections.values()];
  }

  /**
   * Sends `data` to the connection as one text message, split into frames no larger than API Gateway's,
   * and resolves once the socket has taken it.
   */
  send(connection: LiveConnection, data: Buffer): Promise<void> {
    const frames = Math.max(1, Math.ceil(data.length / WEBSOCKET_LIMITS.frameBytes));
    const sent: Promise<void>[] = [];
    for (let frame = 0; frame < frames; frame++) {
      const chunk = data.subarray(frame * WEBSOCKET_LIMITS.frameBytes, (frame + 1) * WEBSOCKET_LIMITS.frameBytes);
      sent.push(
        new Promise((resolve, reject) =>
          connection.socket.send(chunk, { binary: false, fin: frame === frames - 1 }, (error) => (error ? reject(error) : resolve())),
        ),
      );
    }
    return Promise.all(sent).then(() => undefined);
  }
}
