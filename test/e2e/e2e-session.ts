import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  type E2eServer,
  launchChromium,
  type Member,
  signInMember,
  startE2eServer,
} from './browser-harness.ts';

/**
 * The life cycle every browser suite shares: one Chromium per file, a fresh server per test, members
 * signed in on demand in their own contexts, closed after the test. A page error fails even a passing
 * test: it is still a bug a member would hit.
 */
export function useE2eSession(serverOptions: Parameters<typeof startE2eServer>[0] = {}): {
  readonly server: E2eServer;
  readonly member: (name: string, role?: 'chair' | 'editor' | 'viewer') => Promise<Member>;
} {
  let browser: Browser | undefined;
  let server: E2eServer | undefined;
  const members: Member[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    server = await startE2eServer(serverOptions);
  });
  afterEach(async (context) => {
    const errors = members.flatMap((signedIn) =>
      signedIn.errors.map((error) => `${signedIn.name}: ${error}`),
    );
    for (const signedIn of members.splice(0)) await signedIn.context.close();
    await server?.dispose();
    server = undefined;
    if (context.task.result?.state !== 'fail') expect(errors).toEqual([]);
  });

  return {
    get server(): E2eServer {
      if (!server) throw new Error('the e2e server only runs inside a test');
      return server;
    },
    member: async (name, role = 'editor') => {
      if (!browser || !server) throw new Error('members can only sign in inside a test');
      const signedIn = await signInMember(browser, server, name, role);
      members.push(signedIn);
      return signedIn;
    },
  };
}
