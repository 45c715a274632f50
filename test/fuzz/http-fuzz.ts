import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SeededRandom } from '../../server/random/seeded-random.ts';
import { rawRequest } from '../server/raw-http.ts';
import { startServerProcess } from '../server/server-process.ts';
import { signInWithToken } from '../server/test-server.ts';
import { REQUEST_KINDS, type RequestKind, nextRequest } from './http-request-generator.ts';

/**
 * The HTTP fuzzer (H1): Tierline runs as a child process (as `npm start` runs it) and gets a seeded
 * stream of malformed requests over raw TCP on 127.0.0.1 (`http-request-generator.ts`), several at a
 * time. Every `healthEvery` requests, and at the end, `GET /api/health` must answer 200; the process
 * must still be running at the end. Bounded by `maxRequests` and `maxMs`.
 */

export interface HttpFuzzOptions {
  readonly seed: number;
  readonly maxRequests: number;
  readonly maxMs: number;
  /** Check health after every this many requests. */
  readonly healthEvery?: number;
  /** Requests in flight at once. */
  readonly concurrency?: number;
  /** How long one fuzz request may wait for an answer (a truncated body gets none). */
  readonly answerTimeoutMs?: number;
}

/** Answers by status class: `1xx` … `5xx`, and `none` when the connection closed or timed out silently. */
export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'none';

export interface HttpFuzzReport {
  readonly seed: number;
  readonly requestsSent: number;
  readonly requestsByKind: Readonly<Record<RequestKind, number>>;
  readonly answersByClass: Readonly<Record<StatusClass, number>>;
  /** 500 answers (a handler threw; the guard answered), by the kind of request that caused them. */
  readonly internalErrors: readonly { kind: RequestKind; request: string }[];
  readonly healthChecks: number;
  /** Health checks that did not answer 200, with what they got instead. */
  readonly healthFailures: readonly string[];
  /** The server process was still running and answered health after the last request. */
  readonly serverAlive: boolean;
  readonly fuzzMs: number;
}

export async function runHttpFuzz(options: HttpFuzzOptions): Promise<HttpFuzzReport> {
  const random = new SeededRandom(options.seed);
  const healthEvery = options.healthEvery ?? 50;
  const concurrency = options.concurrency ?? 8;
  const answerTimeoutMs = options.answerTimeoutMs ?? 500;
  const dataDir = mkdtempSync(join(tmpdir(), 'tierline-http-fuzz-'));
  const server = await startServerProcess(dataDir);
  const requestsByKind = Object.fromEntries(REQUEST_KINDS.map((kind) => [kind, 0])) as Record<
    RequestKind,
    number
  >;
  const answersByClass: Record<StatusClass, number> = {
    '1xx': 0,
    '2xx': 0,
    '3xx': 0,
    '4xx': 0,
    '5xx': 0,
    none: 0,
  };
  const internalErrors: { kind: RequestKind; request: string }[] = [];
  const healthFailures: string[] = [];
  let healthChecks = 0;
  let sent = 0;
  const started = performance.now();
  try {
    const token = server.firstChairToken;
    if (!token) throw new Error('a fresh data directory should leave a first-chair link');
    const cookie = await signInWithToken(server.url, token);
    const port = Number(new URL(server.url).port);
    const target = { cookie, host: `127.0.0.1:${port}` };

    const checkHealth = async () => {
      healthChecks++;
      try {
        const response = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(5000) });
        if (response.status !== 200) healthFailures.push(`after ${sent} requests: ${response.status}`);
        await response.body?.cancel();
      } catch (error) {
        healthFailures.push(
          `after ${sent} requests: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    };

    const more = () => sent < options.maxRequests && performance.now() - started < options.maxMs;
    const worker = async () => {
      while (more() && server.child.exitCode === null) {
        const request = nextRequest(random, target);
        sent++;
        requestsByKind[request.kind]++;
        if (sent % healthEvery === 0) await checkHealth();
        const answer = await rawRequest(port, request.bytes, answerTimeoutMs);
        const statusClass: StatusClass =
          answer.status === 0 ? 'none' : (`${Math.floor(answer.status / 100)}xx` as StatusClass);
        answersByClass[statusClass]++;
        if (answer.status === 500 && internalErrors.length < 20) {
          internalErrors.push({
            kind: request.kind,
            request: request.bytes.toString('latin1').slice(0, 300),
          });
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    await checkHealth();
    const serverAlive = server.child.exitCode === null && healthFailures.length === 0;
    return {
      seed: options.seed,
      requestsSent: sent,
      requestsByKind,
      answersByClass,
      internalErrors,
      healthChecks,
      healthFailures,
      serverAlive,
      fuzzMs: performance.now() - started,
    };
  } finally {
    if (server.child.exitCode === null) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
