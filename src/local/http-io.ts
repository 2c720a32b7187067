import { IncomingMessage, ServerResponse } from 'node:http';

/** Thrown while reading a request body larger than the caller allows. */
export class BodyTooLargeError extends Error {}

/** Reads the whole request body, refusing more than `maxBytes`. */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BodyTooLargeError(`request body over ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Sends `body` as JSON with the given status and extra headers. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

export function sendText(response: ServerResponse, status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)), ...headers });
  response.end(body);
}

export function redirect(response: ServerResponse, location: string): void {
  response.writeHead(302, { location, 'content-length': '0' });
  response.end();
}

/** Lower-cased single-value headers, the way API Gateway hands them to a handler (repeated values joined by commas). */
export function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

/** The query string parameters, repeated names joined by commas (API Gateway payload 2.0 style); undefined when none. */
export function queryParameters(search: URLSearchParams): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const name of new Set(search.keys())) params[name] = search.getAll(name).join(',');
  return Object.keys(params).length > 0 ? params : undefined;
}

export function sourceIp(request: IncomingMessage): string {
  return request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
}

/** CORS headers for the local runtime, which admits any origin (like an HTTP API configured with `*`). */
export function corsHeaders(request: IncomingMessage): Record<string, string> {
  return {
    'access-control-allow-origin': request.headers.origin ?? '*',
    'access-control-allow-headers': 'authorization,content-type',
    'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
    'access-control-expose-headers': 'retry-after',
    'access-control-max-age': '600',
  };
}
