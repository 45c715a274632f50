import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { formatProblem, problemsFromZod } from '../../src/core/problems.ts';
import type { Member } from '../store/store.ts';
import { HttpError } from './http-error.ts';
import { decodePercentEncoded } from './percent-decoding.ts';

/**
 * A very small JSON router: routes are `METHOD /path/:param`, handlers return a `Reply`.
 * Errors a client can cause become 4xx replies with `path: message` problems, never a 500 with a trace.
 */

export interface RequestContext {
  readonly request: IncomingMessage;
  readonly params: Readonly<Record<string, string>>;
  readonly url: URL;
  /** The signed-in member, or undefined. */
  readonly member: Member | undefined;
  /** Reads and parses the JSON body (limited to 2 MiB); throws HttpError 400 on bad JSON. */
  body(): Promise<unknown>;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Send `body` as-is (already serialized JSON text). */
  readonly raw?: boolean;
}

export type Handler = (context: RequestContext) => Reply | Promise<Reply>;

export { HttpError, MAX_LISTED_PROBLEMS } from './http-error.ts';

/** The answer to a refusal: `{error, problems?, moreProblems?}` with the refusal's status and headers. */
export function errorReply(error: HttpError): Reply {
  return json(
    error.status,
    {
      error: error.message,
      ...(error.problems.length > 0 ? { problems: error.problems } : {}),
      ...(error.moreProblems > 0 ? { moreProblems: error.moreProblems } : {}),
    },
    { ...error.headers },
  );
}

export const json = (status: number, body?: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});

/** Parses a request body with a zod schema; 400 with every problem as `path: message` otherwise. */
export function parseBody<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new HttpError(400, 'the request body is not valid', problemsFromZod(parsed.error).map(formatProblem));
}

export function requireMember(context: RequestContext): Member {
  if (!context.member) throw new HttpError(401, 'sign in first');
  return context.member;
}

export function requireRole(
  context: RequestContext,
  allowed: (member: Member) => boolean,
  action: string,
): Member {
  const member = requireMember(context);
  if (!allowed(member)) throw new HttpError(403, `your role (${member.role}) cannot ${action}`);
  return member;
}

/** Methods that change nothing (RFC 9110 "safe"); every other method is held to H5's checks. */
export const READ_ONLY_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: string[];
  readonly handler: Handler;
}

export class JsonRouter {
  private readonly routes: Route[] = [];

  on(method: string, path: string, handler: Handler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  /**
   * Handles the request if a route matches its path; returns false when none does. A handler's refusal
   * (`HttpError`) or crash propagates to the request guard, which answers it (H1).
   */
  async handle(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    member: Member | undefined,
  ): Promise<boolean> {
    const matching = this.routes.filter((route) => route.pattern.test(url.pathname));
    if (matching.length === 0) return false;
    const route = matching.find((candidate) => candidate.method === request.method);
    if (!route) {
      send(response, json(405, { error: `${request.method ?? '?'} is not allowed on ${url.pathname}` }));
      return true;
    }
    // Before the handler runs, so a refused request writes nothing.
    if (!READ_ONLY_METHODS.has(route.method)) requireJsonContentType(request);
    const match = route.pattern.exec(url.pathname);
    const params: Record<string, string> = {};
    route.names.forEach(
      (name, index) => (params[name] = decodePercentEncoded(match?.[index + 1] ?? '', `the path's ${name}`)),
    );
    send(response, await route.handler({ request, params, url, member, body: () => readJsonBody(request) }));
    return true;
  }
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const tooLarge = () =>
    new HttpError(413, `the request body is over ${MAX_BODY_BYTES} bytes; send at most that much JSON`);
  // Refused before reading when the client says up front it will send too much.
  if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    // The client went away mid-body (aborted, reset): bad input, not a server fault.
    throw new HttpError(400, 'the request body was cut off before it ended');
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(
      400,
      `the request body is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * JSON bodies must say so (H5): a page on another site can send `text/plain` or a form without a CORS
 * preflight, never `application/json`. A request without a body may leave the header out.
 */
export function requireJsonContentType(request: IncomingMessage): void {
  const type = request.headers['content-type'];
  const declaresBody =
    request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (type === undefined && !declaresBody) return;
  const mediaType = (type ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new HttpError(
      415,
      `send the request body as JSON with "content-type: application/json" (got ${type === undefined ? 'no content type' : `"${type}"`})`,
    );
  }
}

export function send(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...reply.headers };
  if (reply.body === undefined) {
    response.writeHead(reply.status, headers).end();
    return;
  }
  const text = reply.raw && typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  response
    .writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...headers })
    .end(text);
}
