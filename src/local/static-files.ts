import { readFile, stat } from 'node:fs/promises';
import { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { sendText } from './http-io';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Serves a built single-page app from `root`: files as they are, and `index.html` for any other path
 * (client-side routes). Answers false when `root` has no `index.html`, so the caller can say what to build.
 */
export async function serveStatic(root: string, urlPath: string, response: ServerResponse): Promise<boolean> {
  const relative = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  if (relative.split(sep).includes('..')) {
    sendText(response, 400, 'text/plain; charset=utf-8', 'Bad path\n');
    return true;
  }
  for (const candidate of [join(root, relative), join(root, 'index.html')]) {
    try {
      if (!(await stat(candidate)).isFile()) continue;
      const body = await readFile(candidate);
      sendText(response, 200, CONTENT_TYPES[extname(candidate)] ?? 'application/octet-stream', body);
      return true;
    } catch {
      // try the next candidate
    }
  }
  return false;
}
