// The reference y-websocket server (`@y/websocket-server`, dev dependency only) as a child process for the
// side-by-side load test: its own `setupWSConnection`, in memory (no leveldb persistence, no auth), on
// loopback and a free port. It runs on the same `ws` version as Tierline, so the comparison measures the
// sync servers rather than two WebSocket libraries. Prints `reference server at <url>` once listening.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';

const sockets = new WebSocketServer({ noServer: true });
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('reference y-websocket server');
});
server.on('upgrade', (request, socket, head) => {
  sockets.handleUpgrade(request, socket, head, (ws) => setupWSConnection(ws, request));
});
server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
  console.log(`reference server at http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.once('SIGTERM', () => process.exit(0));
