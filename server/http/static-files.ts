import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { decodePercentEncoded } from './percent-decoding.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Serves the built app from `root` (Vite's `dist/`). Paths that are not files get `index.html`, so the
 * app's client-side routes survive a reload. Hashed assets are cached for a year; index.html never.
 * Throws HttpError 400 for a path that is not valid percent-encoding.
 */
export function serveStatic(root: string, pathname: string, response: ServerResponse): void {
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    response
      .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      .end('The app has not been built. Run `npm start` (it builds first) or `npm run build`.\n');
    return;
  }
  const relative = normalize(decodePercentEncoded(pathname, 'the path')).replace(/^([/\\])+/, '');
  const candidate = join(root, relative);
  const inside = candidate === root || candidate.startsWith(root + sep);
  const file = inside && relative !== '' && isFile(candidate) ? candidate : index;
  const immutable = file !== index && relative.startsWith('assets/');
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  // A file removed or unreadable after the check must end this answer, not the process (H1).
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
